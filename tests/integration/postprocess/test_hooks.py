"""Media-server rescans against a tiny local stand-in speaking each server's route."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.conftest import create_settings
from tonearm.domain.postprocess.hooks import trigger_rescan


def media_server(seen: list[Request]) -> Starlette:
    async def subsonic(request: Request) -> JSONResponse:
        seen.append(request)
        params = request.query_params
        expected = hashlib.md5(b"secret" + params["s"].encode(), usedforsecurity=False)
        ok = params["u"] == "me" and params["t"] == expected.hexdigest()
        return JSONResponse({"subsonic-response": {"status": "ok" if ok else "failed"}})

    async def jellyfin(request: Request) -> JSONResponse:
        seen.append(request)
        ok = request.headers.get("x-emby-token") == "secret"
        return JSONResponse({}, status_code=204 if ok else 401)

    async def plex(request: Request) -> JSONResponse:
        seen.append(request)
        ok = request.query_params.get("X-Plex-Token") == "secret"
        return JSONResponse({}, status_code=200 if ok else 401)

    return Starlette(
        routes=[
            Route("/rest/startScan", subsonic),
            Route("/Library/Refresh", jellyfin, methods=["POST"]),
            Route("/library/sections/all/refresh", plex),
        ]
    )


@pytest.mark.parametrize(
    ("kind", "status", "path"),
    [
        ("subsonic", 200, "/rest/startScan"),
        ("jellyfin", 204, "/Library/Refresh"),
        ("plex", 200, "/library/sections/all/refresh"),
    ],
)
async def test_rescan_calls_the_documented_route(
    tmp_path: Path, sqlite_url: str, kind: str, status: int, path: str
) -> None:
    seen: list[Request] = []
    settings = create_settings(
        tmp_path,
        sqlite_url,
        media_server_kind=kind,
        media_server_url="http://media.test",
        media_server_user="me",
        media_server_token="secret",
    )
    transport = httpx.ASGITransport(app=media_server(seen))
    async with httpx.AsyncClient(transport=transport) as http:
        assert await trigger_rescan(http, settings) == status
    assert [r.url.path for r in seen] == [path]


async def test_no_media_server_no_call(tmp_path: Path, sqlite_url: str) -> None:
    settings = create_settings(tmp_path, sqlite_url)
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(500))) as h:
        assert await trigger_rescan(h, settings) is None
