"""Fetch a cover image safely: only allowed hosts, no redirects, capped size, checked type.

Cover URLs come from a metadata provider and are untrusted: nothing else is ever fetched.
Plain HTTP is accepted only for the exact origin of the configured Spotify API (the emulator
in tests and demos); everything else must be HTTPS on a host in ``artwork_allowed_hosts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from tonearm.domain.postprocess.errors import ArtworkRejected
from tonearm.domain.postprocess.tags import CoverImage

__all__ = ["ArtworkPolicy", "fetch_cover", "is_allowed_url", "pick_largest_image"]

_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass(frozen=True)
class ArtworkPolicy:
    """Where covers may come from and how big they may be."""

    allowed_hosts: frozenset[str]
    trusted_origin: tuple[str, str, int] | None = None
    max_bytes: int = 5 * 1024 * 1024

    @classmethod
    def build(
        cls, allowed_hosts: Iterable[str], spotify_api_url: str | None, max_bytes: int
    ) -> ArtworkPolicy:
        """A policy from settings: the allow-list plus the Spotify API's own origin."""
        origin = _origin(spotify_api_url) if spotify_api_url else None
        hosts = frozenset(h.strip().lower() for h in allowed_hosts if h.strip())
        return cls(allowed_hosts=hosts, trusted_origin=origin, max_bytes=max_bytes)


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port


def is_allowed_url(url: str, policy: ArtworkPolicy) -> bool:
    """Whether ``url`` may be fetched under ``policy``."""
    if "@" in url.split("//", 1)[-1].split("/", 1)[0]:
        return False  # credentials in the authority are never followed
    origin = _origin(url)
    if origin is None:
        return False
    if policy.trusted_origin is not None and origin == policy.trusted_origin:
        return True
    scheme, host, port = origin
    return scheme == "https" and port == 443 and host in policy.allowed_hosts


def pick_largest_image(images: Iterable[dict[str, object]]) -> str | None:
    """The URL of the largest image of a Spotify-style ``images`` list."""
    best: tuple[int, str] | None = None
    for image in images:
        url = image.get("url")
        if not isinstance(url, str):
            continue
        width, height = image.get("width"), image.get("height")
        area = (width if isinstance(width, int) else 0) * (height if isinstance(height, int) else 0)
        if best is None or area > best[0]:
            best = (area, url)
    return best[1] if best else None


async def fetch_cover(http: httpx.AsyncClient, url: str, policy: ArtworkPolicy) -> CoverImage:
    """Download the image at ``url`` or raise :class:`ArtworkRejected`."""
    if not is_allowed_url(url, policy):
        raise ArtworkRejected("cover host not allowed")
    async with http.stream("GET", url, follow_redirects=False, timeout=_TIMEOUT) as response:
        if response.status_code != 200:
            raise ArtworkRejected(f"cover answered HTTP {response.status_code}")
        mime = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if mime not in _MAGIC:
            raise ArtworkRejected(f"cover content type {mime or 'missing'} refused")
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > policy.max_bytes:
            raise ArtworkRejected("cover too large")
        data = bytearray()
        async for chunk in response.aiter_bytes():
            data.extend(chunk)
            if len(data) > policy.max_bytes:
                raise ArtworkRejected("cover too large")
    if not bytes(data).startswith(_MAGIC[mime]):
        raise ArtworkRejected("cover content does not match its type")
    return CoverImage(data=bytes(data), mime=mime)
