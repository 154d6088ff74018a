"""``tonearm doctor``'s integration checks against the emulators."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.integration.providers.emulated import create_emulators, create_provider_settings
from tonearm.domain.system.integrations import check_redirect_uri, check_slskd, check_spotify


async def test_both_configured_and_reachable(tmp_path: Path, sqlite_url: str) -> None:
    settings = create_provider_settings(tmp_path, sqlite_url)
    transport = create_emulators(tmp_path).transport()
    async with httpx.AsyncClient(transport=transport) as http:
        slskd = await check_slskd(settings, http)
        spotify = await check_spotify(settings, http)
    assert slskd.status == "ok"
    assert "0.26" in slskd.detail
    assert "logged in" in slskd.detail
    assert spotify.status == "ok"


async def test_wrong_secret_and_wrong_key_fail(tmp_path: Path, sqlite_url: str) -> None:
    settings = create_provider_settings(
        tmp_path, sqlite_url, spotify_client_secret="wrong", slskd_api_key="wrong"
    )
    transport = create_emulators(tmp_path).transport()
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await check_slskd(settings, http)).status == "fail"
        assert (await check_spotify(settings, http)).status == "fail"


@pytest.mark.parametrize(
    ("uri", "status", "words"),
    [
        ("http://127.0.0.1:8080/api/v1/spotify/oauth/callback", "ok", "loopback"),
        ("https://music.example.org/api/v1/spotify/oauth/callback", "ok", "https"),
        ("http://localhost:8080/api/v1/spotify/oauth/callback", "fail", "localhost"),
        ("http://192.168.1.5:8080/api/v1/spotify/oauth/callback", "fail", "loopback"),
    ],
)
def test_redirect_uri_is_explained(
    tmp_path: Path, sqlite_url: str, uri: str, status: str, words: str
) -> None:
    check = check_redirect_uri(
        create_provider_settings(tmp_path, sqlite_url, spotify_redirect_uri=uri)
    )
    assert check.status == status
    assert words in check.detail
