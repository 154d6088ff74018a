"""What the UI needs from the composition root, without depending on the API package."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db import Database
from tonearm.domain.settings import load_effective_settings
from tonearm.kit.crypto import SecretBox
from tonearm.security import ApiKeyStore

__all__ = ["UiServices", "effective_settings", "services_of", "transaction"]


class UiServices(Protocol):
    """The parts of the app's services container the pages use."""

    settings: Settings
    db: Database
    keys: ApiKeyStore
    box: SecretBox
    started_at: float
    extras: dict[str, Any]


def services_of(request: Request) -> UiServices:
    """The app's services."""
    services: UiServices = request.app.state.services
    return services


@asynccontextmanager
async def transaction(request: Request, *, write: bool = False) -> AsyncIterator[AsyncSession]:
    """One unit of work: committed when the block ends, rolled back when it raises."""
    async with services_of(request).db.transaction(readonly=not write) as session:
        yield session


async def effective_settings(request: Request, session: AsyncSession) -> Settings:
    """The settings in force now (values stored through the API or UI included)."""
    services = services_of(request)
    effective, _ = await load_effective_settings(session, services.settings, services.box)
    return effective
