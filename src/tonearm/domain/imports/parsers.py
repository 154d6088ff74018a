"""Turn pasted links, text and uploaded files (CSV incl. Exportify, TXT, JSON, M3U/M3U8)
into import entries. Every non-blank input line is either accepted or skipped with a reason;
nothing here raises on bad input."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from tonearm.domain.catalog import TrackCandidate
from tonearm.domain.imports.entries import Entry, ParseResult
from tonearm.domain.imports.text import parse_duration, parse_track_line
from tonearm.integrations.spotify import InvalidSpotifyLinkError, parse_spotify_link

__all__ = [
    "MAX_LINKS",
    "decode_upload",
    "parse_csv",
    "parse_json",
    "parse_links",
    "parse_m3u",
    "parse_text",
    "parse_upload",
]

MAX_LINKS = 100
_SUPPORTED_KINDS = ("playlist", "album", "track")


def _looks_like_link(value: str) -> bool:
    lowered = value.strip().lower()
    return lowered.startswith(("spotify:", "http://", "https://", "open.spotify.com"))


def _link_entry(value: str, result: ParseResult) -> None:
    text = value.strip()
    if text.lower().startswith("open.spotify.com"):
        text = "https://" + text
    try:
        ref = parse_spotify_link(text)
    except InvalidSpotifyLinkError as exc:
        if "not supported" in str(exc):
            result.skip(value, "unsupported", str(exc))
        else:
            result.skip(value, "invalid", str(exc))
        return
    if ref.kind not in _SUPPORTED_KINDS:
        result.skip(value, "unsupported", f"{ref.kind} links cannot be imported")
        return
    if ref.kind == "track":
        # A track link is a track even before it is expanded: dedupe by its id.
        candidate = TrackCandidate(title=ref.uri, spotify_id=ref.id)
        result.accept(Entry(value=value, candidate=candidate, link_kind="track", link_id=ref.id))
        return
    result.accept(Entry(value=value, link_kind=ref.kind, link_id=ref.id))


def parse_links(links: Iterable[Any]) -> ParseResult:
    """Spotify playlist/album/track links or URIs (at most :data:`MAX_LINKS`)."""
    result = ParseResult()
    for index, raw in enumerate(links):
        value = raw if isinstance(raw, str) else json.dumps(raw)[:300]
        if not isinstance(raw, str) or not raw.strip():
            result.skip(value, "invalid", "a link must be a non-empty string")
        elif index >= MAX_LINKS:
            result.skip(value, "too_many", f"at most {MAX_LINKS} links per import")
        else:
            _link_entry(raw, result)
    return result


def _text_line(line: str, result: ParseResult) -> None:
    if _looks_like_link(line):
        _link_entry(line, result)
        return
    parsed = parse_track_line(line)
    if isinstance(parsed, str):
        result.skip(line.strip(), "invalid", parsed)
    else:
        result.accept(Entry(value=line.strip(), candidate=parsed))


def parse_text(text: str) -> ParseResult:
    """One ``Artist - Title`` (or a link) per line; blank lines and ``#`` comments are ignored."""
    result = ParseResult()
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            _text_line(line, result)
    return result


_COLUMNS = {
    "title": ("track name", "title", "name", "track", "song", "track_name"),
    "artist": ("artist name(s)", "artist", "artists", "artist name", "artist_name"),
    "album": ("album name", "album", "album_name"),
    "duration": ("duration (ms)", "duration_ms", "duration", "length", "time"),
    "isrc": ("isrc",),
    "uri": ("track uri", "uri", "spotify_uri", "spotify_id", "spotify", "url", "link"),
}


def _pick(row: dict[str, Any], field: str) -> str:
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    for name in _COLUMNS[field]:
        value = lowered.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    return ""


def _split_artists(value: str) -> list[str]:
    separator = ";" if ";" in value else ","
    return [part.strip() for part in value.split(separator) if part.strip()]


def _record_entry(row: dict[str, Any], value: str, result: ParseResult) -> None:
    uri = _pick(row, "uri")
    title = _pick(row, "title")
    artist = _pick(row, "artist")
    spotify_id: str | None = None
    if uri:
        try:
            ref = parse_spotify_link(uri if ":" in uri else f"spotify:track:{uri}")
            spotify_id = ref.id if ref.kind == "track" else None
        except InvalidSpotifyLinkError:
            spotify_id = None
    if not (title and artist):
        if spotify_id:
            _link_entry(f"spotify:track:{spotify_id}", result)
            return
        result.skip(value, "invalid", "a row needs a title and an artist (or a track URI)")
        return
    candidate = TrackCandidate(
        title=title[:500],
        artists=[a[:500] for a in _split_artists(artist)][:20],
        album=_pick(row, "album")[:500] or None,
        duration_ms=parse_duration(_pick(row, "duration")),
        isrc=_pick(row, "isrc") or None,
        spotify_id=spotify_id,
    )
    result.accept(Entry(value=value, candidate=candidate))


def parse_csv(text: str) -> ParseResult:
    """CSV with a header row (Exportify's columns, or title/artist/album/duration/isrc/uri)."""
    result = ParseResult()
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        if not reader.fieldnames:
            return result
        for number, row in enumerate(reader, start=2):
            if not any(isinstance(v, str) and v.strip() for v in row.values()):
                continue
            _record_entry(row, f"row {number}", result)
    except csv.Error as exc:
        result.skip("csv", "invalid", f"unreadable CSV: {exc}")
    return result


def parse_json(text: str) -> ParseResult:
    """A JSON list (or ``{"tracks": [...]}``) of track objects, lines or links."""
    result = ParseResult()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        result.skip("json", "invalid", f"not JSON: {str(exc)[:200]}")
        return result
    if isinstance(data, dict):
        data = data.get("tracks", data.get("items", [data]))
    if not isinstance(data, list):
        result.skip("json", "invalid", "expected a list of tracks")
        return result
    for number, item in enumerate(data, start=1):
        if isinstance(item, str):
            if item.strip():
                _text_line(item, result)
        elif isinstance(item, dict):
            flat = {
                k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in item.items()
            }
            _record_entry(flat, f"item {number}", result)
        else:
            result.skip(f"item {number}", "invalid", "expected a track object or a line")
    return result


def parse_m3u(text: str) -> ParseResult:
    """M3U/M3U8: ``#EXTINF:<seconds>,Artist - Title`` lines, else the file names."""
    result = ParseResult()
    pending: tuple[str, int | None] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.upper().startswith("#EXTINF:"):
            info = line[len("#EXTINF:") :]
            seconds, _, title = info.partition(",")
            length = parse_duration(seconds.split()[0] if seconds.split() else "")
            pending = (title.strip(), length if length and length > 0 else None)
            continue
        if line.startswith("#"):
            continue
        if pending is not None and pending[0]:
            _m3u_entry(pending[0], pending[1], result)
        elif _looks_like_link(line) and "spotify" in line.lower():
            _link_entry(line, result)
        else:
            stem = PurePosixPath(line.replace("\\", "/")).stem
            _m3u_entry(stem, None, result, value=line)
        pending = None
    return result


def _m3u_entry(text: str, duration_ms: int | None, result: ParseResult, value: str = "") -> None:
    parsed = parse_track_line(text)
    if isinstance(parsed, str):
        result.skip(value or text, "invalid", parsed)
        return
    if duration_ms and parsed.duration_ms is None:
        parsed = TrackCandidate(
            title=parsed.title, artists=parsed.artists, album=parsed.album, duration_ms=duration_ms
        )
    result.accept(Entry(value=value or text, candidate=parsed))


def decode_upload(data: bytes) -> str:
    """Text of an uploaded file: UTF-8 (BOM tolerated), else Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_upload(filename: str, data: bytes) -> ParseResult:
    """Parse an upload by its extension (``.csv``, ``.txt``, ``.json``, ``.m3u``, ``.m3u8``)."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    text = decode_upload(data)
    if suffix == ".csv":
        return parse_csv(text)
    if suffix == ".json":
        return parse_json(text)
    if suffix in (".m3u", ".m3u8") or text.lstrip().upper().startswith("#EXTM3U"):
        return parse_m3u(text)
    if suffix in (".txt", ".text", ""):
        return parse_text(text)
    result = ParseResult()
    result.skip(filename[:200], "unsupported", "upload a .csv, .txt, .json, .m3u or .m3u8 file")
    return result
