"""Fixtures for the UI tests: an anonymous browser-like client and a logged-in one."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import TEST_API_KEY

HTML = {"accept": "text/html,application/xhtml+xml"}


def browser(app: FastAPI, base_url: str = "http://tonearm.test") -> httpx.AsyncClient:
    """A client that behaves like a browser: no API key, asks for HTML, keeps cookies."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=base_url, headers=HTML
    )


async def log_in(client: httpx.AsyncClient, key: str = TEST_API_KEY) -> httpx.Response:
    """Post the login form."""
    return await client.post("/login", data={"api_key": key, "next": "/"})


def csrf_of(html: str) -> str:
    """The CSRF token a page carries in its meta tag."""
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture
async def anon(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as client:
        yield client


@pytest.fixture
async def ui(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as client:
        response = await log_in(client)
        assert response.status_code == 303
        yield client


@pytest.fixture
async def token(ui: httpx.AsyncClient) -> str:
    return csrf_of((await ui.get("/settings")).text)
