"""Every UI write refuses a request without the session's CSRF token."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.routing import APIRoute

from tonearm.ui.routes import PAGE_MODULES


def _writes() -> list[str]:
    paths = []
    for module in PAGE_MODULES:
        for route in module.router.routes:
            if isinstance(route, APIRoute) and "POST" in route.methods and route.path != "/login":
                paths.append(route.path)
    return sorted(paths)


def _concrete(path: str) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "artist_key":
            return "spotify:abc"
        if name == "playlist_id":
            return "37i9dQZF1DXcBWIGoYBM5M"
        return "1"

    return re.sub(r"\{([^}:]+)(?::[^}]+)?\}", value, path)


WRITES = _writes()


def test_there_are_writes_to_check() -> None:
    assert "/settings" in WRITES
    assert "/logout" in WRITES


@pytest.mark.parametrize("path", WRITES)
async def test_write_without_token_is_forbidden(ui: httpx.AsyncClient, path: str) -> None:
    response = await ui.post(_concrete(path), data={"csrf_token": "wrong"})
    assert response.status_code == 403, (path, response.status_code)
