"""Synchronised lyrics from an LRCLIB-style provider, written as ``.lrc`` next to the track."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["LyricsQuery", "LyricsRecord", "fetch_lyrics", "lrc_text"]

_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass(frozen=True)
class LyricsQuery:
    """What the provider is asked for."""

    artist: str
    title: str
    album: str | None
    duration_s: int | None


class LyricsRecord(BaseModel):
    """The provider's answer (``GET /api/get``)."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: int | None = None
    track_name: str | None = Field(None, alias="trackName")
    artist_name: str | None = Field(None, alias="artistName")
    instrumental: bool = False
    plain_lyrics: str | None = Field(None, alias="plainLyrics")
    synced_lyrics: str | None = Field(None, alias="syncedLyrics")


async def fetch_lyrics(
    http: httpx.AsyncClient, base_url: str, query: LyricsQuery
) -> LyricsRecord | None:
    """``GET {base_url}/api/get?…``; None when the provider has no lyrics (404)."""
    params: dict[str, str | int] = {"artist_name": query.artist, "track_name": query.title}
    if query.album:
        params["album_name"] = query.album
    if query.duration_s:
        params["duration"] = query.duration_s
    url = base_url.rstrip("/") + "/api/get"
    response = await http.get(url, params=params, timeout=_TIMEOUT, follow_redirects=False)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return LyricsRecord.model_validate(response.json())


def lrc_text(record: LyricsRecord) -> str | None:
    """The ``.lrc`` body: synced lyrics when known, else plain lines, else None."""
    if record.instrumental:
        return None
    text = record.synced_lyrics or record.plain_lyrics
    if not text or not text.strip():
        return None
    return text.rstrip("\n") + "\n"
