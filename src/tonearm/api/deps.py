"""FastAPI dependencies: the request's transaction, the app's services, injectable sources."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db import Database
from tonearm.domain.settings import load_effective_settings
from tonearm.kit.crypto import SecretBox
from tonearm.kit.process import psutil_source
from tonearm.observability import Metrics
from tonearm.security import ApiKeyStore

__all__ = [
    "MAX_DB_INT",
    "DbId",
    "DbSession",
    "EffectiveSettings",
    "Offset",
    "PsutilSource",
    "Services",
    "ServicesDep",
    "get_psutil",
    "get_services",
    "get_session",
]


# The largest id or offset a 64-bit database column holds; anything above is invalid input.
MAX_DB_INT = 2**63 - 1

DbId = Annotated[int, Path(ge=1, le=MAX_DB_INT)]
"""A row id in a path: positive and within 64 bits."""

Offset = Annotated[int, Query(ge=0, le=MAX_DB_INT)]
"""A list offset: non-negative and within 64 bits."""


@dataclass
class Services:
    """Everything the composition root builds once and the routes share."""

    settings: Settings
    db: Database
    metrics: Metrics
    keys: ApiKeyStore
    box: SecretBox
    started_at: float
    extras: dict[str, Any] = field(default_factory=dict)


def get_services(request: Request) -> Services:
    """The app's services."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_session(request: Request, services: ServicesDep) -> AsyncIterator[AsyncSession]:
    """One transaction per request: committed when the route returns, else rolled back.

    Reads (GET/HEAD) never take SQLite's write lock.
    """
    readonly = request.method in ("GET", "HEAD")
    async with services.db.transaction(readonly=readonly) as session:
        yield session


DbSession = Annotated[AsyncSession, Depends(get_session)]


async def get_effective_settings(services: ServicesDep, session: DbSession) -> Settings:
    """The settings in force for this request (API-stored values included)."""
    effective, _ = await load_effective_settings(session, services.settings, services.box)
    return effective


EffectiveSettings = Annotated[Settings, Depends(get_effective_settings)]


def get_psutil(request: Request) -> Any:
    """The psutil source: dependency overrides, then ``app.state.psutil``, then psutil."""
    return psutil_source(request.app.state)


PsutilSource = Annotated[Any, Depends(get_psutil)]
