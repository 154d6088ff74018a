"""Emulators for provider tests: in process (one transport routing by host) or on uvicorn."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from tests.conftest import create_settings
from tonearm.app import build_services, create_app
from tonearm.config import Settings
from tonearm.emulators._common import FaultRule, FaultSet
from tonearm.emulators.slskd import create_slskd_emulator
from tonearm.emulators.spotify import create_spotify_emulator

DATA_DIR = Path(__file__).resolve().parents[3] / "src" / "tonearm" / "emulators" / "data"
CLIENT_ID = "tonearm-demo"
CLIENT_SECRET = "tonearm-demo-secret"
SLSKD_KEY = "slskd-test-key"
SPOTIFY_URL = "http://spotify.test"
SLSKD_URL = "http://slskd.test"
REDIRECT_URI = "http://127.0.0.1:8080/api/v1/spotify/oauth/callback"


class RoutingTransport(httpx.AsyncBaseTransport):
    """Sends each request to the in-process app of its host."""

    def __init__(self, apps: dict[str, Starlette]) -> None:
        self._routes = {host: httpx.ASGITransport(app=app) for host, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self._routes.get(request.url.host)
        if transport is None:
            raise httpx.ConnectError(f"no emulator at {request.url.host}", request=request)
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._routes.values():
            await transport.aclose()


@dataclass
class Emulators:
    """Both emulators and their fault sets."""

    spotify: Starlette
    slskd: Starlette

    @property
    def spotify_faults(self) -> FaultSet:
        faults: FaultSet = self.spotify.state.faults
        return faults

    @property
    def slskd_faults(self) -> FaultSet:
        faults: FaultSet = self.slskd.state.faults
        return faults

    def transport(self) -> RoutingTransport:
        return RoutingTransport({"spotify.test": self.spotify, "slskd.test": self.slskd})


def create_emulators(tmp_path: Path) -> Emulators:
    """Both emulators on copies of the bundled demo data."""
    folder = tmp_path / "emulators"
    folder.mkdir(parents=True, exist_ok=True)
    spotify_data = shutil.copy(DATA_DIR / "spotify_demo.json", folder / "spotify.json")
    network = shutil.copy(DATA_DIR / "slskd_demo.json", folder / "slskd.json")
    return Emulators(
        spotify=create_spotify_emulator(Path(spotify_data)),
        slskd=create_slskd_emulator(Path(network), folder / "downloads", SLSKD_KEY),
    )


def create_provider_settings(tmp_path: Path, db_url: str, **overrides: Any) -> Settings:
    """Test settings pointed at the in-process emulators, with fast retries."""
    values: dict[str, Any] = {
        "spotify_client_id": CLIENT_ID,
        "spotify_client_secret": CLIENT_SECRET,
        "spotify_redirect_uri": REDIRECT_URI,
        "spotify_api_url": f"{SPOTIFY_URL}/v1",
        "spotify_accounts_url": SPOTIFY_URL,
        "slskd_url": SLSKD_URL,
        "slskd_api_key": SLSKD_KEY,
        "provider_retry_attempts": 3,
        "provider_retry_wait_initial_s": 0.0,
        "provider_retry_wait_max_s": 0.01,
        "provider_timeout_s": 2.0,
    }
    values.update(overrides)
    return create_settings(tmp_path, db_url, **values)


def create_provider_app(settings: Settings, emulators: Emulators) -> Any:
    """The Tonearm app whose provider calls reach the in-process emulators."""
    services = build_services(settings)
    services.extras["provider_transport"] = emulators.transport()
    return create_app(settings, services)


def fault(match: str, **kw: Any) -> FaultRule:
    """A fault rule."""
    return FaultRule(match=match, **kw)
