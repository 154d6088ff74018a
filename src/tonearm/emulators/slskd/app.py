"""The slskd emulator: a Starlette app speaking slskd's HTTP API (0.22 to 0.26)."""

from __future__ import annotations

import hmac
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .._common import (
    FaultMiddleware,
    FaultSet,
    JsonDataFile,
    RequestLogMiddleware,
    load_fault_rules,
)
from .network import Network, load_network
from .routes_searches import search_routes
from .routes_transfers import transfer_routes
from .searches import SearchStore
from .state import EmulatorState
from .transfers import TransferStore
from .wire import Clock, Timeline, json_response, parse_version

__all__ = ["create_slskd_emulator"]

API_PREFIX = "/api/v0"
SERVER_ADDRESS = "vps.slsknet.org:2271"


class ApiKeyMiddleware:
    """Require `X-API-Key` or `Authorization: Bearer` on everything under `/api/v0`."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self.api_key = api_key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX):
            headers = dict(scope["headers"])
            bearer = headers.get(b"authorization", b"")
            key = headers.get(b"x-api-key") or (
                bearer[7:] if bearer[:7].lower() == b"bearer " else b""
            )
            if not key or not hmac.compare_digest(key, self.api_key):
                await PlainTextResponse("Unauthorized", status_code=401)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _error_body(status: int) -> bytes:
    messages = {429: "Too many requests", 503: "Service unavailable"}
    return messages.get(status, "An error occurred while processing the request").encode()


def _server(state: EmulatorState) -> dict[str, object]:
    logged_in = state.network.logged_in
    return {
        "address": SERVER_ADDRESS,
        "state": "Connected, LoggedIn" if logged_in else "Connected",
        "username": "tonearm",
        "isConnected": True,
        "isLoggedIn": logged_in,
        "isTransitioning": False,
    }


async def health(request: Request) -> Response:
    """GET /health: anonymous liveness."""
    return PlainTextResponse("Healthy")


async def server(request: Request) -> Response:
    """GET /api/v0/server: connection to the Soulseek server."""
    return json_response(_server(request.app.state.slskd))


async def application(request: Request) -> Response:
    """GET /api/v0/application: version and server state."""
    state: EmulatorState = request.app.state.slskd
    version = {
        "full": f"{state.version_text}+emulated",
        "current": state.version_text,
        "isUpdateAvailable": False,
        "isCanary": False,
        "isDevelopment": False,
    }
    return json_response({"version": version, "server": _server(state)})


def _full_version(version: str) -> str:
    parts = version.strip().lstrip("v").split(".")
    return ".".join([*parts, "0", "0"][:3])


def create_slskd_emulator(
    network_path: Path,
    downloads_dir: Path,
    api_key: str,
    version: str = "0.26",
    faults_path: Path | None = None,
    clock: Clock = time.monotonic,
    operation_hold_s: float = 0.02,
) -> Starlette:
    """Build the emulator app. `clock` drives every state change (inject one in tests);
    `operation_hold_s` is how long a search creation or enqueue holds slskd's lock."""
    timeline = Timeline(clock)
    downloads_dir.mkdir(parents=True, exist_ok=True)
    state = EmulatorState(
        network_file=JsonDataFile[Network](network_path, load_network(network_path)),
        downloads_dir=downloads_dir,
        api_key=api_key,
        version=parse_version(version),
        version_text=_full_version(version),
        timeline=timeline,
        searches=SearchStore(timeline),
        transfers=TransferStore(timeline, downloads_dir),
        operation_hold_s=operation_hold_s,
    )
    faults = FaultSet(load_fault_rules(faults_path) if faults_path else ())
    api = [Route("/server", server), Route("/application", application)]
    app = Starlette(
        routes=[
            Route("/health", health),
            Mount(API_PREFIX, routes=[*api, *search_routes(), *transfer_routes()]),
        ],
        middleware=[
            Middleware(RequestLogMiddleware, name="slskd"),
            Middleware(FaultMiddleware, faults=faults, error_body=_error_body),
            Middleware(ApiKeyMiddleware, api_key=api_key),
        ],
    )
    app.state.slskd = state
    app.state.faults = faults
    return app
