"""Outbound URLs that come from data (cover art) can reach only the allowed hosts."""

from __future__ import annotations

import httpx
import pytest

artwork = pytest.importorskip("tonearm.domain.postprocess.artwork")
errors = pytest.importorskip("tonearm.domain.postprocess.errors")

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
POLICY = artwork.ArtworkPolicy.build(
    ["i.scdn.co"], spotify_api_url="http://127.0.0.1:8900/v1", max_bytes=4096
)
HOSTILE_URLS = [
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/",
    "http://i.scdn.co/image/x",  # plain HTTP to an allowed host
    "https://i.scdn.co:8443/image/x",
    "https://i.scdn.co@evil.example/x",
    "https://evil.example\\@i.scdn.co/x",
    "https://evil.example#@i.scdn.co/x",
    "https://i.scdn.co.evil.example/x",
    "https://evil.example/?u=https://i.scdn.co/",
    "https://[::1]/x",
    "https://127.0.0.1/x",
    "http://127.0.0.1:8901/v1/x",  # loopback, but not the configured API's origin
    "http://localhost:8900/v1/x",
    "file:///etc/passwd",
    "gopher://i.scdn.co/x",
    "ftp://i.scdn.co/x",
    "//i.scdn.co/x",
    "i.scdn.co/x",
    "",
    "https://",
    "https://i.scdn.co:99999/x",
    "javascript:alert(1)",
]


def _client(handler: httpx.MockTransport) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=handler)


class TestArtworkSsrfGuard:
    @pytest.mark.parametrize("url", HOSTILE_URLS)
    def test_hostile_urls_are_refused(self, url: str) -> None:
        assert artwork.is_allowed_url(url, POLICY) is False

    @pytest.mark.parametrize(
        "url",
        [
            "https://i.scdn.co/image/abc",
            "https://I.SCDN.CO/image/abc",
            "http://127.0.0.1:8900/images/a.jpg",
        ],
    )
    def test_allowed_urls_pass(self, url: str) -> None:
        assert artwork.is_allowed_url(url, POLICY) is True

    @pytest.mark.parametrize("url", HOSTILE_URLS)
    async def test_a_refused_url_is_never_requested(self, url: str) -> None:
        requested: list[str] = []

        def handler(request: httpx.Request) -> httpx.Response:
            requested.append(str(request.url))
            return httpx.Response(200, content=JPEG, headers={"content-type": "image/jpeg"})

        async with _client(httpx.MockTransport(handler)) as http:
            with pytest.raises(errors.ArtworkRejected):
                await artwork.fetch_cover(http, url, POLICY)
        assert requested == []

    async def test_redirects_are_not_followed(self) -> None:
        requested: list[str] = []

        def handler(request: httpx.Request) -> httpx.Response:
            requested.append(str(request.url))
            return httpx.Response(302, headers={"location": "http://169.254.169.254/"})

        async with _client(httpx.MockTransport(handler)) as http:
            with pytest.raises(errors.ArtworkRejected):
                await artwork.fetch_cover(http, "https://i.scdn.co/image/a", POLICY)
        assert requested == ["https://i.scdn.co/image/a"]

    @pytest.mark.parametrize(
        ("content", "mime"),
        [
            (JPEG + b"\x00" * 8192, "image/jpeg"),  # over max_bytes
            (b"<svg onload=alert(1)>", "image/svg+xml"),
            (b"<html></html>", "image/jpeg"),  # type says JPEG, bytes do not
            (b"MZ\x90\x00", "application/octet-stream"),
        ],
    )
    async def test_oversized_or_mistyped_images_are_refused(
        self, content: bytes, mime: str
    ) -> None:
        def handler(_request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, content=content, headers={"content-type": mime})

        async with _client(httpx.MockTransport(handler)) as http:
            with pytest.raises(errors.ArtworkRejected):
                await artwork.fetch_cover(http, "https://i.scdn.co/image/a", POLICY)

    async def test_a_good_cover_is_accepted(self) -> None:
        def handler(_request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, content=JPEG, headers={"content-type": "image/jpeg"})

        async with _client(httpx.MockTransport(handler)) as http:
            cover = await artwork.fetch_cover(http, "https://i.scdn.co/image/a", POLICY)
        assert cover.data == JPEG
