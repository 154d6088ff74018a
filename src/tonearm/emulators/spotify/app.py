"""Assemble the Spotify emulator: accounts routes, Web API routes, faults, request log."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tonearm.emulators._common import (
    FaultMiddleware,
    FaultSet,
    JsonDataFile,
    RequestLogMiddleware,
    load_fault_rules,
)
from tonearm.emulators.spotify.api import WebApi
from tonearm.emulators.spotify.auth import ApiError, AuthService
from tonearm.emulators.spotify.data import SpotifyData, parse_spotify_data

__all__ = ["create_spotify_emulator"]


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)  # noqa: S101 - registered for ApiError only
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)  # noqa: S101 - registered for HTTPException only
    message = "Service not found" if exc.status_code == 404 else str(exc.detail)
    return ApiError(exc.status_code, message).response()


def create_spotify_emulator(data_path: Path, faults_path: Path | None = None) -> Starlette:
    """Build the Spotify emulator app serving `data_path` (reloaded when it changes on disk).

    The returned app exposes `app.state.faults` (a `FaultSet`) and `app.state.data`
    (the `JsonDataFile`) for tests.
    """
    data_file = JsonDataFile[SpotifyData](data_path, parse_spotify_data)
    auth = AuthService(data_file.get)
    api = WebApi(data_file.get, auth)
    routes = [
        Route("/authorize", auth.authorize, methods=["GET"]),
        Route("/api/token", auth.token, methods=["POST"]),
        *api.routes(),
    ]
    faults = FaultSet(load_fault_rules(faults_path) if faults_path else ())
    app = Starlette(
        routes=routes,
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
    )
    app.add_middleware(FaultMiddleware, faults=faults)
    app.add_middleware(RequestLogMiddleware, name="spotify_emulator")
    app.state.faults = faults
    app.state.data = data_file
    app.state.auth = auth
    return app
