"""The cover fetch guard: allowed hosts only, HTTPS, no redirects, checked type and size."""

from __future__ import annotations

import httpx
import pytest

from tonearm.domain.postprocess.artwork import (
    ArtworkPolicy,
    fetch_cover,
    is_allowed_url,
    pick_largest_image,
)
from tonearm.domain.postprocess.errors import ArtworkRejected
from tonearm.emulators.spotify.jpeg import flat_jpeg

POLICY = ArtworkPolicy.build(["i.scdn.co"], "http://127.0.0.1:5555/v1", 10_000)


class TestAllowedUrl:
    @pytest.mark.parametrize(
        "url",
        ["https://i.scdn.co/image/abc", "http://127.0.0.1:5555/images/a.jpg"],
    )
    def test_allowed(self, url: str) -> None:
        assert is_allowed_url(url, POLICY)

    @pytest.mark.parametrize(
        "url",
        [
            "http://i.scdn.co/image/abc",
            "https://i.scdn.co:8443/image/abc",
            "https://evil.example/image",
            "https://i.scdn.co@evil.example/x",
            "http://127.0.0.1:5556/images/a.jpg",
            "https://127.0.0.1:5555/images/a.jpg",
            "file:///etc/passwd",
            "http://169.254.169.254/latest/meta-data",
            "not a url",
        ],
    )
    def test_refused(self, url: str) -> None:
        assert not is_allowed_url(url, POLICY)


def _client(status: int, body: bytes, content_type: str, **headers: str) -> httpx.AsyncClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, content=body, headers={"content-type": content_type, **headers}
        )

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


class TestFetchCover:
    async def test_fetches_a_jpeg(self) -> None:
        jpeg = flat_jpeg(16, 16)
        async with _client(200, jpeg, "image/jpeg") as http:
            cover = await fetch_cover(http, "https://i.scdn.co/image/a", POLICY)
        assert (cover.mime, cover.data) == ("image/jpeg", jpeg)

    @pytest.mark.parametrize(
        ("status", "body", "content_type", "headers"),
        [
            (302, b"", "image/jpeg", {"location": "https://evil.example/x"}),
            (200, b"<html>", "text/html", {}),
            (200, b"not a jpeg", "image/jpeg", {}),
            (200, b"\xff\xd8\xff" + b"0" * 20_000, "image/jpeg", {}),
        ],
    )
    async def test_refuses(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str]
    ) -> None:
        async with _client(status, body, content_type, **headers) as http:
            with pytest.raises(ArtworkRejected):
                await fetch_cover(http, "https://i.scdn.co/image/a", POLICY)

    async def test_refuses_a_host_before_any_request(self) -> None:
        async with _client(200, flat_jpeg(8, 8), "image/jpeg") as http:
            with pytest.raises(ArtworkRejected):
                await fetch_cover(http, "https://evil.example/a.jpg", POLICY)


def test_pick_largest_image() -> None:
    images = [
        {"url": "s", "width": 64, "height": 64},
        {"url": "l", "width": 640, "height": 640},
        {"url": "m", "width": 300, "height": 300},
    ]
    assert pick_largest_image(images) == "l"
