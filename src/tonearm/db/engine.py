"""Engine factory: SQLite tuned for concurrency (WAL, busy timeout, FKs), PostgreSQL as is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

__all__ = ["create_engine", "is_sqlite", "sync_url"]

SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    """Whether ``url`` points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def sync_url(url: str) -> str:
    """The same database with a synchronous driver (used by Alembic)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    if parsed.drivername in ("postgresql+asyncpg", "postgresql"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return parsed.render_as_string(hide_password=False)


def async_url(url: str) -> str:
    """The same database with an asyncio driver."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.drivername == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    if parsed.drivername == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return parsed.render_as_string(hide_password=False)


def _sqlite_preparer(busy_timeout_ms: int) -> Any:
    def prepare(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook issue BEGIN IMMEDIATE itself: a deferred transaction
        # that upgrades to a write after another commit fails at once instead of waiting.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return prepare


def _begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_deferred(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def create_engine(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 10,
    readonly: bool = False,
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
) -> AsyncEngine:
    """Create the async engine for ``url`` with backend-specific tuning.

    On SQLite a writing engine starts every transaction with ``BEGIN IMMEDIATE`` (writers queue
    on the busy timeout instead of failing on lock upgrade); a ``readonly`` engine uses plain
    ``BEGIN`` so readers never wait for writers under WAL. A writer waits ``busy_timeout_ms``
    for another one to finish before SQLite reports the database as locked.
    """
    url = async_url(url)
    if is_sqlite(url):
        engine = create_async_engine(
            url, echo=echo, connect_args={"timeout": busy_timeout_ms / 1000}
        )
        event.listen(engine.sync_engine, "connect", _sqlite_preparer(busy_timeout_ms))
        begin = _begin_deferred if readonly else _begin_immediate
        event.listen(engine.sync_engine, "begin", begin)
        return engine
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
    )
