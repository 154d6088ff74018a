"""Best-effort parsing of Soulseek virtual paths into artist/album/track fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final, NamedTuple

from tonearm.matching._normalize import fold, is_version_marker
from tonearm.matching._tables import GENERIC_FOLDERS, RIP_TAG_PATTERN

# Named tuples built on the hot path skip the generated ``__new__`` (a Python-level call
# that costs more than the parse itself for short names); fields are passed in order.
_new_tuple: Final[Callable[..., Any]] = tuple.__new__
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")
_TRACK_PREFIX: Final = re.compile(
    r"^\s*(?:(?P<disc>\d{1,2})\s*[-.]\s*(?P<dtrack>\d{2,3})|(?P<track>\d{1,3}))"
    r"(?:\s*[-._)\]]+\s*|\s+)(?P<rest>\S.*)$"
)
_DASH_SPLIT: Final = re.compile(r"\s+[-–—]+\s+|\s*_-_\s*")
# The same split without the "_-_" branch: twice as fast, and equal when there is no "_-_".
_SPACED_DASH_SPLIT: Final = re.compile(r"\s+[-–—]+\s+")
_NUMERIC: Final = re.compile(r"^\d{1,3}$")
_DISC_FOLDER: Final = re.compile(r"^\s*(?:cd|disc|disk)\s*[-_.]?\s*(\d{1,2})\s*$", re.IGNORECASE)
_DISC_SUFFIX: Final = re.compile(r"\s+(?:cd|disc|disk)\s*[-_.]?\s*(\d{1,2})$", re.IGNORECASE)
_SEGMENT: Final = re.compile(r"[\(\[\{]([^\(\)\[\]\{\}]*)[\)\]\}]")
_YEAR_ONLY: Final = re.compile(r"\s*(?:19|20)\d\d(?:[-./]\d\d){0,2}\s*")
_DISC_ONLY: Final = re.compile(r"\s*(?:cd|disc|disk)\s*[-_.]?\s*(\d{1,2})\s*", re.IGNORECASE)
_YEAR_LEADING: Final = re.compile(r"^((?:19|20)\d\d)\s*[-–.]?\s+")
_RIP_ONLY: Final = re.compile(
    rf"\s*(?:{RIP_TAG_PATTERN})(?:[\s,;+\-/]*(?:{RIP_TAG_PATTERN}))*\s*", re.IGNORECASE
)
_LONGEST_GENERIC: Final = max(map(len, GENERIC_FOLDERS)) + 4
# Dashed album-folder parts that describe the release, not the artist: "Album - Single".
_EDITION: Final = re.compile(
    r"^(?:(?:19|20)\d\d )?(?:single|ep|lp|album|compilation|remaster(?:ed)?|deluxe|expanded"
    r"|anniversary|special|bonus|reissue|edition)\b"
)


class RemotePath(NamedTuple):
    """What a Soulseek path says about the file; every field may be missing."""

    raw: str
    directories: tuple[str, ...]
    filename: str
    stem: str
    extension: str
    name: str
    title: str
    artist: str | None = None
    folder_artist: str | None = None
    album: str | None = None
    year: int | None = None
    disc: int | None = None
    track: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-serialisable dict."""
        data = self._asdict()
        data["directories"] = list(self.directories)
        return data


class _Folders(NamedTuple):
    artist: str | None
    album: str | None
    year: int | None
    disc: int | None


def parse_remote_path(path: str) -> RemotePath:
    """Parse a Soulseek path such as ``@@share\\Artist\\Album (1997)\\06 - Title.flac``.

    The path is untrusted text: this never raises and returns whatever it can recognise.
    """
    try:
        return _parse(path)
    except Exception:  # a parser bug must never break scoring of the other candidates
        text = str(path) if isinstance(path, str) else ""
        return RemotePath(
            raw=text, directories=(), filename=text, stem=text, extension="", name=text, title=text
        )


def _parse(path: str) -> RemotePath:
    clean = path if path.isprintable() else _CONTROL.sub(" ", path)
    if "/" in clean:
        clean = clean.replace("/", "\\")
    parts = [part for part in map(str.strip, clean.split("\\")) if part]
    if parts and parts[0].startswith("@@"):
        parts = parts[1:]
    filename = parts[-1] if parts else ""
    directories = tuple(parts[:-1])
    stem, extension = _split_extension(filename)
    # Only the nearest folders (disc, album, artist) say anything; keying the cache on
    # them lets files shared from different roots reuse one parse.
    folders = _parse_folders(directories[-3:])
    name, disc, track = _strip_track_prefix(stem)
    artist, album, title, mid_track = _split_name(name)
    parsed: RemotePath = _new_tuple(
        RemotePath,
        (
            path,
            directories,
            filename,
            stem,
            extension,
            name,
            title,
            artist,
            folders.artist,
            album or folders.album,
            folders.year,
            disc if disc is not None else folders.disc,
            track if track is not None else mid_track,
        ),
    )
    return parsed


def _split_extension(filename: str) -> tuple[str, str]:
    stem, dot, extension = filename.rpartition(".")
    if not dot or not stem or len(extension) > 5 or not extension.isalnum():
        return filename, ""
    if not extension.isascii():
        return filename, ""
    if " " not in stem and "_" in stem:
        stem = stem.replace("_", " ")
    return stem.strip(), extension.lower()


def _split_dashes(text: str) -> list[str]:
    """``_DASH_SPLIT.split(text)``, taking the cheapest route that gives the same parts."""
    if "_-_" in text:
        return _DASH_SPLIT.split(text)
    if text.isascii() and text.isprintable() and "  " not in text and "--" not in text:
        # Printable ASCII has no whitespace but the space; with no double spaces or
        # hyphens, every separator the regex would find is exactly " - ".
        return text.split(" - ")
    return _SPACED_DASH_SPLIT.split(text)


def _strip_track_prefix(stem: str) -> tuple[str, int | None, int | None]:
    if not stem[:1].isdigit():
        return stem, None, None
    match = _TRACK_PREFIX.match(stem)
    if not match:
        return stem, None, None
    if match.group("disc") is not None:
        return match.group("rest"), int(match.group("disc")), int(match.group("dtrack"))
    return match.group("rest"), None, int(match.group("track"))


def _is_bare_marker(part: str) -> bool:
    """A dashed part that is only an edition note ("Live at Wembley"), not a title."""
    return (
        "(" not in part
        and "[" not in part
        and not _NUMERIC.match(part)
        and (is_version_marker(part))
    )


def _split_name(name: str) -> tuple[str | None, str | None, str, int | None]:
    """Split ``Artist - [Album - ][NN - ]Title`` into (artist, album, title, track)."""
    if " -" not in name and "_-_" not in name and "–" not in name and "—" not in name:
        return None, None, name, None
    parts = [part for part in map(str.strip, _split_dashes(name)) if part]
    suffix: list[str] = []
    # "Artist - Title" is far more common than "Title - Remastered", so with two parts
    # the last one is only taken as a marker when a third part names the artist.
    while len(parts) > 2 and _is_bare_marker(parts[-1]) and not _NUMERIC.match(parts[-2]):
        suffix.insert(0, parts.pop())
    if len(parts) <= 1:
        return None, None, " - ".join(parts + suffix) or name, None
    for index in range(1, len(parts) - 1):
        if _NUMERIC.match(parts[index]):
            title = " - ".join(parts[index + 1 :] + suffix)
            album = " - ".join(parts[1:index]) or None
            return parts[0], album, title, int(parts[index])
    album = parts[1] if len(parts) == 3 else None
    title = parts[-1] if len(parts) == 3 else " - ".join(parts[1:])
    return parts[0], album, " - ".join([title, *suffix]), None


@lru_cache(maxsize=16384)
def _parse_folders(directories: tuple[str, ...]) -> _Folders:
    index = len(directories) - 1
    disc: int | None = None
    if index >= 0:
        match = _DISC_FOLDER.match(directories[index])
        if match:
            disc = int(match.group(1))
            index -= 1
    album_fields = _album_folder(directories[index]) if index >= 0 else None
    artist_dir = directories[index - 1] if index >= 1 else None
    if artist_dir is not None and _is_generic(artist_dir):
        artist_dir = None
    if album_fields is None:
        empty: _Folders = _new_tuple(_Folders, (artist_dir, None, None, disc))
        return empty
    artist, album, year, album_disc = album_fields
    folders: _Folders = _new_tuple(
        _Folders, (artist or artist_dir, album, year, disc if disc is not None else album_disc)
    )
    return folders


@lru_cache(maxsize=16384)
def _album_folder(folder: str) -> tuple[str | None, str | None, int | None, int | None] | None:
    """The album folder's fields, or None for a generic folder ("Music", "Downloads").

    Cached apart from the folder triple: one album folder is often shared from several
    roots ("Music\\Artist\\Album", "mp3\\Artist\\Album").
    """
    return None if _is_generic(folder) else _parse_album_folder(folder)


def _is_generic(folder: str) -> bool:
    if len(folder) > _LONGEST_GENERIC:
        return False
    lowered = folder.lower()
    return lowered in GENERIC_FOLDERS or fold(folder) in GENERIC_FOLDERS


def _parse_album_folder(folder: str) -> tuple[str | None, str | None, int | None, int | None]:
    """Split "Artist - Album (1997) [FLAC]" into (artist, album, year, disc)."""
    year: int | None = None
    disc: int | None = None
    text = folder
    if "(" in text or "[" in text or "{" in text:
        text, year, disc = _strip_segments(text)
    if " -" in text or "–" in text or "_-_" in text:
        parts = [part for part in map(str.strip, _split_dashes(text)) if part and part != "-"]
    else:
        parts = [text.strip()] if text.strip() else []
    if disc is None and parts and ("cd" in text.lower() or "dis" in text.lower()):
        suffix = _DISC_SUFFIX.search(parts[-1])
        if suffix:
            disc, parts[-1] = int(suffix.group(1)), parts[-1][: suffix.start()]
    kept: list[str] = []
    for part in parts:
        if year is None and _YEAR_ONLY.fullmatch(part):
            year = int(part[:4])
        elif disc is None and (match := _DISC_ONLY.fullmatch(part)):
            disc = int(match.group(1))
        else:
            kept.append(part)
    if year is None and kept and kept[0][:1].isdigit() and (match := _YEAR_LEADING.match(kept[0])):
        year, kept[0] = int(match.group(1)), kept[0][match.end() :]
    return _artist_and_album(kept, year, disc)


def _strip_segments(text: str) -> tuple[str, int | None, int | None]:
    """Remove bracketed year, disc and rip tags ("(1997)", "[CD2]", "[FLAC 24-96]")."""
    found: dict[str, int] = {}

    def _classify(match: re.Match[str]) -> str:
        content = match.group(1)
        if "year" not in found and _YEAR_ONLY.fullmatch(content):
            found["year"] = int(content.strip()[:4])
            return " "
        disc = _DISC_ONLY.fullmatch(content)
        if disc and "disc" not in found:
            found["disc"] = int(disc.group(1))
            return " "
        return " " if _RIP_ONLY.fullmatch(content) else match.group(0)

    return _SEGMENT.sub(_classify, text), found.get("year"), found.get("disc")


def _artist_and_album(
    parts: list[str], year: int | None, disc: int | None
) -> tuple[str | None, str | None, int | None, int | None]:
    parts = [part.strip() for part in parts if part.strip()]
    if not parts:
        return None, None, year, disc
    tail: list[str] = []
    while len(parts) > 1 and _EDITION.match(fold(parts[-1])):
        tail.insert(0, parts.pop())
    if len(parts) == 1:
        return None, " - ".join(parts + tail), year, disc
    return parts[0], " - ".join(parts[1:] + tail), year, disc
