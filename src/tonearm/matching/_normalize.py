"""Text normalisation: fold, tokenise, split featured artists and version markers."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from anyascii import anyascii

from tonearm.matching._tables import (
    BRACKETED_FEATURING_WORDS,
    FEATURING_WORDS,
    LEADING_ARTICLES,
    NEUTRAL_MARKER_PATTERNS,
    SYMBOL_REPLACEMENTS,
    VERSION_PHRASES,
)


class _Transliterations(dict[int, str]):
    """anyascii per code point, filled on first use by ``str.translate``.

    Grows with every non-ASCII character met; bounded by the characters Unicode has.
    ASCII maps to itself up front so only new non-ASCII characters reach ``__missing__``.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = f" {anyascii(char)} " if code >= 0x2E80 else anyascii(char)
        self[code] = value
        return value


_TRANSLITERATIONS: Final = _Transliterations((code, chr(code)) for code in range(128))
# Byte table: ASCII letters lowercased, digits kept, everything else a space.
_FOLD_BYTES: Final = bytes(
    ord(chr(code).lower()) if code < 128 and chr(code).isalnum() else ord(" ")
    for code in range(256)
)
_BRACKET: Final = re.compile(r"[\(\[\{]([^\(\)\[\]\{\}]*)[\)\]\}]")
_DASH_TAIL: Final = re.compile(r"\s+[-–—]+\s+([^-–—]+)$")
_FEAT_WORDS: Final = "|".join(re.escape(word) for word in FEATURING_WORDS)
_BRACKET_FEAT_WORDS: Final = "|".join(re.escape(word) for word in BRACKETED_FEATURING_WORDS)
_FEAT_BRACKETED: Final = re.compile(
    rf"[\(\[\{{]\s*(?:{_BRACKET_FEAT_WORDS})\.?\s+([^\)\]\}}]*)[\)\]\}}]", re.IGNORECASE
)
_FEAT_TRAILING: Final = re.compile(rf"\s+(?:{_FEAT_WORDS})\.?\s+(.+)$", re.IGNORECASE)
_MARKER_RE: Final = re.compile(
    r"\b(?:"
    + "|".join(re.escape(p) for phrases in VERSION_PHRASES.values() for p in phrases)
    + "|"
    + "|".join(NEUTRAL_MARKER_PATTERNS)
    + r")\b"
)


def _phrases_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], int, str], ...]]:
    """Version phrases as word tuples grouped by first word, longest first."""
    grouped: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
    for family, phrases in VERSION_PHRASES.items():
        for phrase in phrases:
            words = tuple(phrase.split())
            grouped.setdefault(words[0], []).append((words, len(words), family))
    return {
        word: tuple(sorted(options, key=lambda option: -option[1]))
        for word, options in grouped.items()
    }


# Longest first, so "chopped and screwed" is one match rather than "screwed".
_PHRASES_BY_FIRST_WORD: Final = _phrases_by_first_word()
_FIRST_WORDS: Final = frozenset(_PHRASES_BY_FIRST_WORD)
_SPLIT_ARTISTS: Final = re.compile(r"\s*(?:,|;|/|\bx\b|\bvs\.?|\band\b|&|\+)\s*", re.IGNORECASE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Fold ``text`` to lowercase ASCII words separated by single spaces.

    Accents are transliterated (``Björk`` -> ``bjork``), ``&``/``+`` become ``and`` and
    every other punctuation mark becomes a space.
    """
    if not text.isascii():
        text = _transliterate(text)
    if "&" in text or "+" in text or "'" in text or "`" in text:
        text = f" {text.lower()} "
        for old, new in SYMBOL_REPLACEMENTS:
            text = text.replace(old, new)
    return b" ".join(text.encode().translate(_FOLD_BYTES).split()).decode()


def _transliterate(text: str) -> str:
    """anyascii, one character at a time through a growing translation table."""
    return text.translate(_TRANSLITERATIONS)


def normalize(text: str) -> str:
    """Normalise ``text`` for comparison: :func:`fold` plus a dropped leading "The"."""
    folded = fold(text)
    for article in LEADING_ARTICLES:
        if folded.startswith(article) and len(folded) > len(article):
            return folded[len(article) :]
    return folded


def tokens(text: str) -> list[str]:
    """Return the normalised words of ``text``."""
    return normalize(text).split()


def split_featuring(text: str) -> tuple[str, list[str]]:
    """Split ``"Title (feat. A & B)"`` into ``("Title", ["A", "B"])``.

    Bracketed ``(with X)`` counts as a credit; a bare "with" inside a title does not.
    """
    featured: list[str] = []
    lowered = text.lower()
    if "feat" not in lowered and "ft" not in lowered and "with" not in lowered:
        return text, featured
    match = _FEAT_BRACKETED.search(text)
    if match:
        featured.extend(_split_names(match.group(1)))
        text = (text[: match.start()] + text[match.end() :]).strip()
    match = _FEAT_TRAILING.search(text)
    if match:
        featured.extend(_split_names(match.group(1)))
        text = text[: match.start()].strip()
    return text, featured


def _split_names(names: str) -> list[str]:
    return [name.strip() for name in _SPLIT_ARTISTS.split(names) if name.strip()]


@lru_cache(maxsize=16384)
def is_version_marker(text: str) -> bool:
    """Tell whether ``text`` reads like an edition/version note ("Live at Wembley").

    Memoised: the same notes ("Live", "Remastered 2011") come back in file after file.
    """
    return _MARKER_RE.search(fold(text)) is not None


def strip_version_markers(text: str) -> tuple[str, list[str]]:
    """Remove bracketed and dashed version markers, returning the core and the markers.

    Only segments that read like markers are removed: "(Remastered 2011)", "[Radio Edit]",
    "- Live at Wembley". Other brackets, as in "(I Can't Get No) Satisfaction", stay.
    """
    tail_markers: list[str] = []
    core = text
    while "-" in core or "–" in core or "—" in core:
        tail = _DASH_TAIL.search(core)
        if not tail or not is_version_marker(tail.group(1)):
            break
        tail_markers.insert(0, tail.group(1).strip())
        core = core[: tail.start()]
    markers: list[str] = []

    def _drop(match: re.Match[str]) -> str:
        if is_version_marker(match.group(1)):
            markers.append(match.group(1).strip())
            return " "
        return match.group(0)

    if "(" in core or "[" in core or "{" in core:
        core = _BRACKET.sub(_drop, core)
    markers.extend(tail_markers)
    return core.strip(), markers


@lru_cache(maxsize=65536)
def core_title(text: str) -> str:
    """Normalised title without featured artists or version markers."""
    without_feat, _ = split_featuring(text)
    core, _ = strip_version_markers(without_feat)
    return normalize(core) or normalize(without_feat)


def version_counts(text: str) -> dict[str, int]:
    """Count the version phrases (live, remix, ...) in ``text`` per version family.

    Not memoised: after the (memoised) fold it is cheaper to count than to cache.
    """
    words = fold(text).split()
    if _FIRST_WORDS.isdisjoint(words):
        return {}
    counts: dict[str, int] = {}
    index, count = 0, len(words)
    while index < count:
        step = 1
        for phrase, length, family in _PHRASES_BY_FIRST_WORD.get(words[index], ()):
            if length == 1 or tuple(words[index : index + length]) == phrase:
                counts[family] = counts.get(family, 0) + 1
                step = length
                break
        index += step
    return counts


#: :func:`version_counts` memoised for folder names, which repeat from file to file.
#: The returned dicts are shared: callers must only read them.
folder_version_counts = lru_cache(maxsize=16384)(version_counts)
