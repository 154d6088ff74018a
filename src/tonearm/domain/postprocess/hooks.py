"""Ask a media server to rescan its library after a track was filed (best effort).

- Navidrome / Subsonic: ``GET {url}/rest/startScan?u=&t=&s=&v=1.16.1&c=tonearm&f=json``
  (token auth: ``t = md5(password + salt)``).
- Jellyfin: ``POST {url}/Library/Refresh`` with header ``X-Emby-Token: <api key>``.
- Plex: ``GET {url}/library/sections/all/refresh?X-Plex-Token=<token>``.
"""

from __future__ import annotations

import hashlib
import secrets

import httpx

from tonearm.config import Settings

__all__ = ["trigger_rescan"]

_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


async def trigger_rescan(http: httpx.AsyncClient, settings: Settings) -> int | None:
    """Call the configured media server's rescan; its HTTP status, or None when none is set."""
    kind, url = settings.media_server_kind, settings.media_server_url
    if kind is None or not url:
        return None
    base = url.rstrip("/")
    token = settings.media_server_token.get_secret_value() if settings.media_server_token else ""
    if kind == "subsonic":
        salt = secrets.token_hex(6)
        digest = hashlib.md5((token + salt).encode(), usedforsecurity=False).hexdigest()
        params = {
            "u": settings.media_server_user or "",
            "t": digest,
            "s": salt,
            "v": "1.16.1",
            "c": "tonearm",
            "f": "json",
        }
        response = await http.get(f"{base}/rest/startScan", params=params, timeout=_TIMEOUT)
    elif kind == "jellyfin":
        headers = {"X-Emby-Token": token}
        response = await http.post(f"{base}/Library/Refresh", headers=headers, timeout=_TIMEOUT)
    else:
        params = {"X-Plex-Token": token}
        response = await http.get(
            f"{base}/library/sections/all/refresh", params=params, timeout=_TIMEOUT
        )
    return response.status_code
