"""Free-text track lines: ``Artist - Title``, tolerant of numbering, bullets, "feat.",
en/em dashes, an album after `` | `` or in square brackets, and a ``m:ss`` duration."""

from __future__ import annotations

import re

from tonearm.domain.catalog import TrackCandidate
from tonearm.matching import split_featuring

__all__ = ["MAX_LINE", "parse_duration", "parse_track_line"]

MAX_LINE = 500
_NUMBER_PUNCT = re.compile(r"^\s*\(?\d{1,4}\s*[.)\]:]\s*")
_NUMBER_DASH = re.compile(r"^\s*\d{1,4}\s*[-–—]\s+")
_BULLET = re.compile(r"^\s*[-*•·▪‣>]+\s+")
_DURATION_TAIL = re.compile(r"[\s,;|]*[\[(]?\s*(\d{1,3}):([0-5]\d)\s*[\])]?\s*$")
_ALBUM_BRACKETS = re.compile(r"\s*\[([^\[\]]{1,300})\]\s*$")
_SEPARATOR = re.compile(r"\s+[-–—]+\s+|\s*[–—]\s*|\s+-(?=\S)|(?<=\S)-\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def parse_duration(text: str | None) -> int | None:
    """``m:ss`` / ``h:mm:ss`` / seconds / milliseconds text as milliseconds (None if unknown)."""
    if text is None:
        return None
    value = str(text).strip()
    if not value:
        return None
    if re.fullmatch(r"\d{1,3}:[0-5]\d(:[0-5]\d)?", value):
        parts = [int(p) for p in value.split(":")]
        seconds = (
            parts[0] * 60 + parts[1]
            if len(parts) == 2
            else parts[0] * 3600 + parts[1] * 60 + parts[2]
        )
        return seconds * 1000
    if re.fullmatch(r"\d{1,9}(\.\d+)?", value):
        number = float(value)
        ms = int(number) if number > 36_000 else int(number * 1000)
        return ms if 0 < ms <= 24 * 3600 * 1000 else None
    return None


def _strip_prefixes(line: str) -> str:
    line = _BULLET.sub("", line, count=1)
    stripped = _NUMBER_PUNCT.sub("", line, count=1)
    if stripped != line:
        return stripped
    dashed = _NUMBER_DASH.sub("", line, count=1)
    # "01 - Artist - Title": drop the number only if a separator remains.
    if dashed != line and _SEPARATOR.search(dashed):
        return dashed
    return line


def parse_track_line(line: str) -> TrackCandidate | str:
    """A candidate, or the reason the line is not a track line."""
    text = _CONTROL.sub(" ", line).strip()
    if not text:
        return "the line is empty"
    if len(text) > MAX_LINE:
        return f"the line is longer than {MAX_LINE} characters"
    text = _strip_prefixes(text).strip()
    duration_ms: int | None = None
    found = _DURATION_TAIL.search(text)
    if found and found.start() > 0:
        duration_ms = (int(found.group(1)) * 60 + int(found.group(2))) * 1000
        text = text[: found.start()].strip()
    album: str | None = None
    if " | " in text:
        text, _, album_part = text.partition(" | ")
        album = album_part.strip() or None
    else:
        bracket = _ALBUM_BRACKETS.search(text)
        if bracket and bracket.start() > 0:
            album = bracket.group(1).strip() or None
            text = text[: bracket.start()].strip()
    parts = _SEPARATOR.split(text, maxsplit=1)
    if len(parts) != 2:
        return "expected 'Artist - Title'"
    artist_part, title_part = (p.strip(" \t\"'") for p in parts)
    if not artist_part or not title_part:
        return "expected 'Artist - Title'"
    main_artist, featured = split_featuring(artist_part)
    title, title_featured = split_featuring(title_part)
    artists = [a for a in [main_artist.strip(), *featured, *title_featured] if a]
    if not artists or not title.strip():
        return "expected 'Artist - Title'"
    return TrackCandidate(
        title=title.strip()[:500],
        artists=[a[:500] for a in artists],
        album=album[:500] if album else None,
        duration_ms=duration_ms,
    )
