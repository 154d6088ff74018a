"""Run the real pipeline in process: the orchestrator's worker, the slskd emulator (with an
injected stepping clock) reached through the provider gateway like in the app, a cover host and
a lyrics provider (plain HTTP mounts, like the app's own client for them)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.conftest import create_settings
from tests.integration.acquisition.factories import write_network
from tests.integration.providers.emulated import RoutingTransport
from tonearm.config import Settings
from tonearm.db import Database
from tonearm.domain.acquisition.tasks import register_acquisition_tasks
from tonearm.domain.providers import GatewayPolicy, ProviderClients, ProviderGateway
from tonearm.emulators._common import FaultSet
from tonearm.emulators.lyrics import create_lyrics_emulator
from tonearm.emulators.slskd import create_slskd_emulator
from tonearm.emulators.spotify.jpeg import flat_jpeg
from tonearm.orchestrator import TaskRegistry, Worker, WorkerOptions

SLSKD = "http://slskd.test"
COVERS = "http://spotify.test"
LYRICS = "http://lyrics.test"
SLSKD_KEY = "slskd-key"
FAST = WorkerOptions(lease_s=5.0, poll_min_s=0.02, poll_max_s=0.1, reap_every_s=1.0, listen=False)


class SteppingClock:
    """A monotonic clock that moves a little on every read (transfers progress as polled)."""

    def __init__(self, step: float = 0.02) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def cover_app() -> Starlette:
    """Serves ``/images/<album>.jpg`` like the Spotify emulator."""

    async def image(request: Request) -> Response:
        return Response(flat_jpeg(64, 64, 90), media_type="image/jpeg")

    return Starlette(
        routes=[Route("/v1/images/{album}.jpg", image), Route("/images/{album}.jpg", image)]
    )


def pipeline_settings(tmp_path: Path, db_url: str, **overrides: Any) -> Settings:
    """Settings for a fast pipeline against the in-process stand-ins."""
    values: dict[str, Any] = {
        "slskd_url": SLSKD,
        "slskd_api_key": SLSKD_KEY,
        "slskd_downloads_dir": tmp_path / "slskd-downloads",
        "downloads_dir": tmp_path / "staging",
        "library_dir": tmp_path / "library",
        "spotify_api_url": f"{COVERS}/v1",
        "lyrics_enabled": True,
        "lyrics_url": LYRICS,
        "slskd_search_min_gap_s": 0.0,
        # Without a gap two searches can collide on slskd's one-creation-at-a-time lock (429
        # without Retry-After): pause briefly then, not the production minute.
        "slskd_backoff_s": 0.5,
        "slskd_search_timeout_ms": 1000,
        "download_poll_interval_s": 0.05,
        "download_stall_timeout_s": 1.0,
        "acquisition_research_delay_s": 0.2,
        "provider_retry_attempts": 3,
        "provider_retry_wait_initial_s": 0.0,
        "provider_retry_wait_max_s": 0.01,
    }
    values.update(overrides)
    return create_settings(tmp_path, db_url, **values)


@dataclass
class Pipeline:
    """The running pieces a test inspects."""

    settings: Settings
    db: Database
    worker: Worker
    slskd_app: Starlette
    lyrics_app: Starlette
    providers: ProviderClients

    @property
    def slskd_faults(self) -> FaultSet:
        """The slskd emulator's live fault rules."""
        faults: FaultSet = self.slskd_app.state.faults
        return faults


@asynccontextmanager
async def running_pipeline(
    tmp_path: Path,
    db_url: str,
    network: dict[str, Any],
    *,
    slskd_version: str = "0.26",
    **overrides: Any,
) -> AsyncIterator[Pipeline]:
    """Start a worker with the acquisition tasks against the stand-ins; stop it after."""
    settings = pipeline_settings(tmp_path, db_url, **overrides)
    network_file = write_network(tmp_path / "network.json", network)
    slskd_app = create_slskd_emulator(
        network_file,
        settings.slskd_downloads_dir or tmp_path,
        SLSKD_KEY,
        version=slskd_version,
        clock=SteppingClock(),
        operation_hold_s=0.0,
    )
    lyrics_app = create_lyrics_emulator()
    mounts = {
        COVERS: httpx.ASGITransport(app=cover_app()),
        LYRICS: httpx.ASGITransport(app=lyrics_app),
    }
    registry = TaskRegistry()
    register_acquisition_tasks(registry)
    db = Database(db_url)
    gateway = ProviderGateway(db, policy=GatewayPolicy.from_settings(settings))
    providers = ProviderClients(gateway, transport=RoutingTransport({"slskd.test": slskd_app}))
    services = {"settings": settings, "providers": providers, "http_mounts": mounts}
    worker = Worker(db, registry, concurrency=4, services=services, options=FAST)
    await worker.start()
    try:
        yield Pipeline(settings, db, worker, slskd_app, lyrics_app, providers)
    finally:
        await worker.stop()
        await providers.aclose()
        await db.dispose()


async def wait_for(check: Callable[[], Awaitable[bool]], timeout_s: float = 20.0) -> None:
    """Poll ``check`` until it holds (fails the test past the deadline)."""
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        await asyncio.sleep(0.05)
