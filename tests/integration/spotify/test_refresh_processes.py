"""Two processes refreshing the same rotating refresh token at once: exactly one refreshes,
the other adopts the fresh token, and the stored refresh token stays valid."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.integration.providers.emulated import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    create_emulators,
)
from tests.support.servers import LiveServer
from tonearm.db import Database
from tonearm.domain.spotify import load_tokens, save_tokens
from tonearm.integrations.spotify import TokenSet
from tonearm.integrations.spotify import oauth as spotify_oauth
from tonearm.kit.crypto import SecretBox

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def spotify(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(create_emulators(tmp_path).spotify) as server:
        yield server


async def _authorize(http: httpx.AsyncClient, accounts: str) -> TokenSet:
    verifier = spotify_oauth.generate_code_verifier()
    url = spotify_oauth.build_authorize_url(
        accounts, CLIENT_ID, REDIRECT_URI, "s", spotify_oauth.code_challenge_s256(verifier)
    )
    code = httpx.URL((await http.get(url)).headers["location"]).params["code"]
    return await spotify_oauth.exchange_code(
        http, accounts, CLIENT_ID, code, REDIRECT_URI, verifier, CLIENT_SECRET
    )


def _start(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.spotify.refresher"],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_two_processes_refresh_once(tmp_path: Path, db_url: str, spotify: LiveServer) -> None:
    data_dir = tmp_path / "data"
    box = SecretBox.from_data_dir(data_dir)
    db = Database(db_url)
    async with httpx.AsyncClient() as http:
        tokens = await _authorize(http, spotify.url)
        expired = tokens.model_copy(update={"expires_at": datetime.now(UTC) - timedelta(hours=1)})
        async with db.transaction() as session:
            await save_tokens(session, box, CLIENT_ID, expired)

        go = tmp_path / "go"
        env = {
            "REFRESH_DB_URL": db_url,
            "REFRESH_DATA_DIR": str(data_dir),
            "REFRESH_GO_FILE": str(go),
            "REFRESH_ACCOUNTS_URL": spotify.url,
            "REFRESH_CLIENT_ID": CLIENT_ID,
            "REFRESH_CLIENT_SECRET": CLIENT_SECRET,
        }
        workers = [_start(env), _start(env)]
        go.touch()
        results = [w.communicate(timeout=60) for w in workers]
        for worker, (_out, err) in zip(workers, results, strict=True):
            assert worker.returncode == 0, err
        access = {out.strip().splitlines()[-1] for out, _ in results}
        assert len(access) == 1, "both processes must end with the same fresh token"
        assert access != {tokens.access_token}

        me = await http.get(
            f"{spotify.url}/v1/me", headers={"Authorization": f"Bearer {access.pop()}"}
        )
        assert me.status_code == 200

        async with db.transaction(readonly=True) as session:
            stored = await load_tokens(session, box)
        assert stored is not None
        assert stored.tokens.refresh_token != tokens.refresh_token  # rotated exactly once
        assert stored.tokens.refresh_token is not None
        with pytest.raises(spotify_oauth.SpotifyOAuthError):  # the old one is dead
            await spotify_oauth.refresh(
                http, spotify.url, CLIENT_ID, tokens.refresh_token or "", CLIENT_SECRET
            )
        renewed = await spotify_oauth.refresh(
            http, spotify.url, CLIENT_ID, stored.tokens.refresh_token, CLIENT_SECRET
        )
        assert renewed.access_token
    await db.dispose()
