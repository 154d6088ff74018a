"""The database handle: one engine, one session factory, transactions owned by the caller."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tonearm.db.engine import SQLITE_BUSY_TIMEOUT_MS, create_engine, is_sqlite
from tonearm.errors import DatabaseBusy

__all__ = ["Database", "is_busy"]

_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")
_PG_LOCK_NOT_AVAILABLE = "55P03"


def is_busy(exc: OperationalError) -> bool:
    """Whether the database refused because another transaction holds a lock (SQLite's busy
    timeout ran out, PostgreSQL's lock timeout): worth retrying, never a server error."""
    if getattr(exc.orig, "sqlstate", None) == _PG_LOCK_NOT_AVAILABLE:
        return True
    message = str(exc.orig).lower()
    return any(text in message for text in _BUSY_MESSAGES)


class Database:
    """Owns the engine; hands out sessions whose transaction the caller commits."""

    def __init__(
        self, url: str, *, echo: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
    ) -> None:
        self.url = url
        self.engine: AsyncEngine = create_engine(url, echo=echo, busy_timeout_ms=busy_timeout_ms)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite needs a separate reader engine (plain BEGIN); PostgreSQL shares one.
        self.read_engine: AsyncEngine = (
            create_engine(url, echo=echo, readonly=True, busy_timeout_ms=busy_timeout_ms)
            if is_sqlite(url)
            else self.engine
        )
        self.read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return "sqlite" if is_sqlite(self.url) else self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self, *, readonly: bool = False) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed on success and rolled back on error.

        A lock held too long by another writer surfaces as :class:`DatabaseBusy` (retry soon).
        """
        factory = self.read_sessions if readonly else self.sessions
        try:
            async with factory() as session, session.begin():
                yield session
        except OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy() from exc
            raise

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
