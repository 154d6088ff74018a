"""A test world: Spotify and slskd emulators in process, a migrated database, settings, and
provider clients whose gateway reaches the emulators through a routing transport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event, func, select
from starlette.applications import Starlette

from tests.conftest import create_settings
from tests.integration.emulators.slskd_factories import API_KEY as SLSKD_KEY
from tests.integration.emulators.slskd_factories import create_network, write_network
from tests.integration.integrations.spotify.factories import (
    CLIENT_ID,
    CLIENT_SECRET,
    create_spotify_data,
    write_data,
)
from tests.integration.providers.emulated import RoutingTransport
from tonearm.app import build_services, create_app
from tonearm.config import Settings
from tonearm.db import Database
from tonearm.db.models import ActivityEvent, Artist, Release, ReleaseTrack, Track, WatchlistEntry
from tonearm.domain.artists.service import ArtistRuntime, request_runtime
from tonearm.domain.providers import GatewayPolicy, ProviderClients, ProviderGateway
from tonearm.emulators.slskd import create_slskd_emulator
from tonearm.emulators.spotify import create_spotify_emulator

SPOTIFY = "http://spotify.test"
SLSKD = "http://slskd.test"
RADIOHEAD = "A3xf7CHETJeEXlodmQosev"
DAFT_PUNK = "Qcx2A5x82wUqba81IZoecD"
RADIOHEAD_KEY = f"spotify:{RADIOHEAD}"
DAFT_PUNK_KEY = f"spotify:{DAFT_PUNK}"
TABLES = (Artist, Release, ReleaseTrack, WatchlistEntry, ActivityEvent, Track)


@dataclass
class World:
    """Emulators, their data files, settings and provider clients (close with ``aclose``)."""

    tmp: Path
    settings: Settings
    spotify_path: Path
    spotify: Starlette
    slskd: Starlette
    opened: list[ProviderClients] = field(default_factory=list)

    def transport(self) -> RoutingTransport:
        """Routes provider requests to the emulators by host."""
        return RoutingTransport({"spotify.test": self.spotify, "slskd.test": self.slskd})

    def providers(self, db: Database, settings: Settings | None = None) -> ProviderClients:
        """Gateway clients over ``db`` (the shared provider state) and the emulators."""
        policy = GatewayPolicy.from_settings(settings or self.settings)
        clients = ProviderClients(ProviderGateway(db, policy=policy), transport=self.transport())
        self.opened.append(clients)
        return clients

    async def aclose(self) -> None:
        for clients in self.opened:
            await clients.aclose()
        self.opened.clear()

    def spotify_data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.spotify_path.read_text(encoding="utf-8"))
        return data

    def save_spotify(self, data: dict[str, Any]) -> None:
        write_data(self.spotify_path, data)

    def runtime(self, db: Database, **settings: Any) -> ArtistRuntime:
        effective = self.settings.model_copy(update=settings) if settings else self.settings
        return request_runtime(db, effective, self.providers(db, effective))

    @asynccontextmanager
    async def app(self, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        from tests.conftest import serving

        settings = self.settings.model_copy(update=overrides) if overrides else self.settings
        services = build_services(settings)
        services.extras["provider_transport"] = self.transport()
        application = create_app(settings, services)
        async with serving(application) as client:
            client.app = application  # type: ignore[attr-defined]
            yield client


def make_world(
    tmp_path: Path, db_url: str, *, search_delay_ms: int = 50, **overrides: Any
) -> World:
    """The world; ``search_delay_ms`` is how long slskd's searches take to finish."""
    spotify_path = write_data(tmp_path / "spotify.json", create_spotify_data(5))
    network_data = create_network(search_delay_ms=search_delay_ms)
    network = write_network(tmp_path / "network.json", network_data)
    slskd = create_slskd_emulator(network, tmp_path / "slskd-downloads", SLSKD_KEY)
    values: dict[str, Any] = {
        "spotify_client_id": CLIENT_ID,
        "spotify_client_secret": CLIENT_SECRET,
        "spotify_api_url": f"{SPOTIFY}/v1",
        "spotify_accounts_url": SPOTIFY,
        "slskd_url": SLSKD,
        "slskd_api_key": SLSKD_KEY,
        "slskd_search_min_gap_s": 0.0,
        "search_slskd_wait_s": 3.0,
        "watchlist_jitter_s": 0.0,
        "provider_retry_attempts": 3,
        "provider_retry_wait_initial_s": 0.0,
        "provider_retry_wait_max_s": 0.01,
        "provider_timeout_s": 5.0,
    }
    values.update(overrides)
    return World(
        tmp=tmp_path,
        settings=create_settings(tmp_path, db_url, **values),
        spotify_path=spotify_path,
        spotify=create_spotify_emulator(spotify_path),
        slskd=slskd,
    )


async def table_contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the artist-related tables (for before/after comparisons)."""
    contents: dict[str, list[tuple[Any, ...]]] = {}
    async with db.transaction(readonly=True) as session:
        for model in TABLES:
            table = model.__table__
            rows = await session.execute(select(table).order_by(*table.primary_key.columns))
            contents[table.name] = [tuple(row) for row in rows]
    return contents


async def count_rows(db: Database, model: Any) -> int:
    async with db.transaction(readonly=True) as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


class WriteCounter:
    """Counts INSERT/UPDATE/DELETE statements sent on the write engine."""

    def __init__(self, db: Database) -> None:
        self.engine = db.engine.sync_engine
        self.statements: list[str] = []

    def _record(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        verb = statement.lstrip().split(" ", 1)[0].upper()
        if verb in {"INSERT", "UPDATE", "DELETE"}:
            self.statements.append(statement)

    def __enter__(self) -> WriteCounter:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


@asynccontextmanager
async def open_world(tmp_path: Path, db_url: str, **overrides: Any) -> AsyncIterator[World]:
    """A world whose provider clients are closed afterwards."""
    world = make_world(tmp_path, db_url, **overrides)
    try:
        yield world
    finally:
        await world.aclose()
