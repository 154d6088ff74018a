"""The database handle: one engine, one session factory, transactions owned by the caller."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tonearm.db.engine import create_engine, is_sqlite

__all__ = ["Database"]


class Database:
    """Owns the engine; hands out sessions whose transaction the caller commits."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine: AsyncEngine = create_engine(url, echo=echo)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite needs a separate reader engine (plain BEGIN); PostgreSQL shares one.
        self.read_engine: AsyncEngine = (
            create_engine(url, echo=echo, readonly=True) if is_sqlite(url) else self.engine
        )
        self.read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return "sqlite" if is_sqlite(self.url) else self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self, *, readonly: bool = False) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed on success and rolled back on error."""
        factory = self.read_sessions if readonly else self.sessions
        async with factory() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
