"""A separate process that asks the shared token store for an access token (used by the
two-process refresh test). Waits for the go file, prints the token on its last line."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import httpx

from tonearm.db import Database
from tonearm.domain.spotify import DbUserTokenProvider
from tonearm.kit.crypto import SecretBox


async def main() -> None:
    db = Database(os.environ["REFRESH_DB_URL"])
    box = SecretBox.from_data_dir(Path(os.environ["REFRESH_DATA_DIR"]))
    go = Path(os.environ["REFRESH_GO_FILE"])
    deadline = time.monotonic() + 20
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        await asyncio.sleep(0.005)
    try:
        async with httpx.AsyncClient() as http:
            provider = DbUserTokenProvider(
                db,
                box,
                http,
                accounts_url=os.environ["REFRESH_ACCOUNTS_URL"],
                client_id=os.environ["REFRESH_CLIENT_ID"],
                client_secret=os.environ["REFRESH_CLIENT_SECRET"],
            )
            token = await provider.get_token()
    finally:
        await db.dispose()
    sys.stdout.write(token + "\n")


if __name__ == "__main__":
    asyncio.run(main())
