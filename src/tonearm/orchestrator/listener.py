"""PostgreSQL LISTEN/NOTIFY wake-ups on a dedicated psycopg connection."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy.engine import make_url

from tonearm.observability import get_logger
from tonearm.orchestrator.queue import NOTIFY_CHANNEL

__all__ = ["listen_for_jobs"]

log = get_logger("tonearm.orchestrator.listener")


def _conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def listen_for_jobs(url: str, wake: Callable[[], None], *, retry_s: float = 2.0) -> None:
    """Call ``wake`` on every enqueue notification until cancelled; reconnects on errors."""
    import psycopg  # only PostgreSQL deployments pay for the driver at start-up

    while True:
        try:
            conn = await psycopg.AsyncConnection.connect(_conninfo(url), autocommit=True)
            async with conn:
                await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                wake()  # anything enqueued while we were not listening
                async for _ in conn.notifies():
                    wake()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # polling keeps working while we reconnect
            log.warning("orchestrator.listener_failed", error=repr(exc))
            await asyncio.sleep(retry_s)
