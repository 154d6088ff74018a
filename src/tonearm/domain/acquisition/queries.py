"""Search texts for a wanted track, most specific first (Soulseek: every word must match)."""

from __future__ import annotations

import re

from anyascii import anyascii

from tonearm.matching import split_featuring, strip_version_markers

__all__ = ["query_variants"]

_APOSTROPHES = re.compile(r"['\u2019`]")
_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
# Words Soulseek ignores or that make a query too broad on their own.
_STOP = frozenset({"the", "a", "an", "and", "of", "feat", "ft", "featuring"})


def _words(text: str) -> str:
    # Peers write "Don't" as "Don't" or "Dont", and "d'Argent" keeps its apostrophe: a word
    # that must appear in the path is taken from the apostrophe's longer side only ("Don",
    # "Argent"), which both spellings contain; the simplified variant joins instead.
    pieces = []
    for word in text.split():
        parts = [p for p in _APOSTROPHES.split(word) if p]
        long_parts = [p for p in parts if len(_PUNCT.sub("", p)) >= 3]
        pieces.extend(long_parts if len(parts) > 1 else parts)
    return _SPACES.sub(" ", _PUNCT.sub(" ", " ".join(pieces))).strip()


def _joined_words(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", _APOSTROPHES.sub("", text))).strip()


def _simplified(text: str) -> str:
    plain = anyascii(text)
    kept = [w for w in _joined_words(plain).split() if w.lower() not in _STOP]
    return " ".join(kept)


def query_variants(title: str, artists: list[str], album: str | None) -> list[str]:
    """Artist + title, then title + album, then a simplified artist + title; no duplicates and
    never a single broad word."""
    raw_title = strip_version_markers(split_featuring(title)[0])[0]
    if not _words(raw_title):
        raw_title = title
    core_title = _words(raw_title)
    raw_artist = artists[0] if artists else ""
    artist = _words(raw_artist)
    variants = [
        f"{artist} {core_title}".strip(),
        f"{core_title} {_words(album)}".strip() if album else "",
        f"{_simplified(raw_artist)} {_simplified(raw_title)}".strip(),
    ]
    seen: set[str] = set()
    result = []
    for variant in variants:
        key = variant.lower()
        if len(variant.split()) < 2 or key in seen:
            continue
        seen.add(key)
        result.append(variant)
    return result
