"""Best-effort parsing of Soulseek virtual paths into artist/album/track fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from tonearm.matching._normalize import fold, is_version_marker
from tonearm.matching._tables import GENERIC_FOLDERS, RIP_TAG_PATTERN

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")
_TRACK_PREFIX = re.compile(
    r"^\s*(?:(?P<disc>\d{1,2})\s*[-.]\s*(?P<dtrack>\d{2,3})|(?P<track>\d{1,3}))"
    r"(?:\s*[-._)\]]+\s*|\s+)(?P<rest>\S.*)$"
)
_DASH_SPLIT = re.compile(r"\s+[-–—]+\s+|\s*_-_\s*")
_NUMERIC = re.compile(r"^\d{1,3}$")
_DISC_FOLDER = re.compile(r"^\s*(?:cd|disc|disk)\s*[-_.]?\s*(\d{1,2})\s*$", re.IGNORECASE)
_DISC_IN_NAME = re.compile(
    r"[\(\[]?\b(?:cd|disc|disk)\s*[-_.]?\s*(\d{1,2})\b[\)\]]?", re.IGNORECASE
)
_YEAR_BRACKETED = re.compile(r"[\(\[\{]\s*((?:19|20)\d\d)(?:[-./]\d\d){0,2}\s*[\)\]\}]")
_YEAR_DASHED = re.compile(r"(?:^|\s[-–]\s)((?:19|20)\d\d)(?:\s[-–]\s|$)")
_YEAR_LEADING = re.compile(r"^((?:19|20)\d\d)\s*[-–.]?\s+")
_RIP_TAG = re.compile(
    rf"[\(\[\{{]\s*(?:{RIP_TAG_PATTERN})(?:[\s,;+\-/]*(?:{RIP_TAG_PATTERN}))*"
    r"\s*[\)\]\}]",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s{2,}")
_RELEASE_KINDS = frozenset({"single", "ep", "lp", "album", "compilation"})


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


@dataclass(frozen=True, slots=True)
class _Folders:
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
    parts = [part.strip() for part in clean.replace("/", "\\").split("\\") if part.strip()]
    if parts and parts[0].startswith("@@"):
        parts = parts[1:]
    filename = parts[-1] if parts else ""
    directories = tuple(parts[:-1])
    stem, extension = _split_extension(filename)
    folders = _parse_folders(directories)
    name, disc, track = _strip_track_prefix(stem)
    artist, album, title, mid_track = _split_name(name)
    return RemotePath(
        raw=path,
        directories=directories,
        filename=filename,
        stem=stem,
        extension=extension,
        name=name,
        title=title,
        artist=artist,
        folder_artist=folders.artist,
        album=album or folders.album,
        year=folders.year,
        disc=disc if disc is not None else folders.disc,
        track=track if track is not None else mid_track,
    )


def _split_extension(filename: str) -> tuple[str, str]:
    match = _EXTENSION.search(filename)
    if not match or match.start() == 0:
        return filename, ""
    stem = filename[: match.start()]
    if " " not in stem and "_" in stem:
        stem = stem.replace("_", " ")
    return stem.strip(), match.group(1).lower()


def _strip_track_prefix(stem: str) -> tuple[str, int | None, int | None]:
    match = _TRACK_PREFIX.match(stem)
    if not match:
        return stem, None, None
    if match.group("disc") is not None:
        return match.group("rest"), int(match.group("disc")), int(match.group("dtrack"))
    return match.group("rest"), None, int(match.group("track"))


def _split_name(name: str) -> tuple[str | None, str | None, str, int | None]:
    """Split ``Artist - [Album - ][NN - ]Title`` into (artist, album, title, track)."""
    if " -" not in name and "_-_" not in name and "–" not in name and "—" not in name:
        return None, None, name, None
    parts = [part.strip() for part in _DASH_SPLIT.split(name) if part.strip()]
    suffix: list[str] = []
    # "Artist - Title" is far more common than "Title - Remastered", so with two parts
    # the last one is only taken as a marker when a third part names the artist.
    while len(parts) > 2 and is_version_marker(parts[-1]) and not _NUMERIC.match(parts[-1]):
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
    album_dir = directories[index] if index >= 0 else None
    artist_dir = directories[index - 1] if index >= 1 else None
    if album_dir is not None and fold(album_dir) in GENERIC_FOLDERS:
        album_dir = None
    if artist_dir is not None and fold(artist_dir) in GENERIC_FOLDERS:
        artist_dir = None
    if album_dir is None:
        return _Folders(artist=artist_dir, album=None, year=None, disc=disc)
    artist, album, year, album_disc = _parse_album_folder(album_dir)
    return _Folders(
        artist=artist or artist_dir,
        album=album,
        year=year,
        disc=disc if disc is not None else album_disc,
    )


def _parse_album_folder(folder: str) -> tuple[str | None, str | None, int | None, int | None]:
    text = _RIP_TAG.sub(" ", folder)
    year: int | None = None
    disc: int | None = None
    for pattern in (_YEAR_BRACKETED, _YEAR_LEADING, _YEAR_DASHED):
        match = pattern.search(text)
        if match:
            year = int(match.group(1))
            text = f"{text[: match.start()]} - {text[match.end() :]}"
            break
    disc_match = _DISC_IN_NAME.search(text)
    if disc_match:
        disc = int(disc_match.group(1))
        text = text[: disc_match.start()] + text[disc_match.end() :]
    parts = [part.strip() for part in _DASH_SPLIT.split(_SPACES.sub(" ", text)) if part.strip()]
    parts = [part for part in parts if part not in {"-", "–"}]
    if not parts:
        return None, None, year, disc
    tail: list[str] = []
    while len(parts) > 1 and (fold(parts[-1]) in _RELEASE_KINDS or is_version_marker(parts[-1])):
        tail.insert(0, parts.pop())
    if len(parts) == 1:
        return None, " - ".join(parts + tail), year, disc
    return parts[0], " - ".join(parts[1:] + tail), year, disc
