"""Write and read tags with mutagen: ID3v2.4 for MP3, Vorbis comments for FLAC, MP4 atoms."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mutagen
from mutagen import id3 as _id3_module
from mutagen.flac import FLAC, Picture
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm

__all__ = ["CoverImage", "TrackTags", "read_tags", "write_tags"]

# mutagen.id3 has no type hints: use it through an Any-typed handle.
id3: Any = _id3_module
_FREEFORM = "----:com.apple.iTunes:"
_SPOTIFY_KEYS = {
    "spotify_track_id": "SPOTIFY_TRACK_ID",
    "spotify_album_id": "SPOTIFY_ALBUM_ID",
    "spotify_artist_id": "SPOTIFY_ARTIST_ID",
}


@dataclass(frozen=True)
class CoverImage:
    """An image to embed: its bytes and MIME type."""

    data: bytes
    mime: str


@dataclass
class TrackTags:
    """The tags Tonearm writes (and reads back for the library index)."""

    title: str | None = None
    artists: list[str] = field(default_factory=list)
    album: str | None = None
    album_artist: str | None = None
    track_number: int | None = None
    disc_number: int | None = None
    year: int | None = None
    isrc: str | None = None
    genre: str | None = None
    spotify_track_id: str | None = None
    spotify_album_id: str | None = None
    spotify_artist_id: str | None = None
    has_cover: bool = False


def write_tags(path: Path, tags: TrackTags, cover: CoverImage | None = None) -> None:
    """Replace the file's tags with ``tags`` (and ``cover`` as the front cover)."""
    audio = mutagen.File(path)
    if isinstance(audio, FLAC):
        _write_flac(audio, tags, cover)
    elif isinstance(audio, MP3):
        _write_id3(path, tags, cover)
    elif isinstance(audio, MP4):
        _write_mp4(audio, tags, cover)
    else:
        raise ValueError(f"cannot tag {path.name}: unsupported kind")


def read_tags(path: Path) -> TrackTags:
    """Read the tags Tonearm cares about (empty values when missing)."""
    audio = mutagen.File(path)
    if isinstance(audio, FLAC):
        return _read_vorbis(audio)
    if isinstance(audio, MP3):
        return _read_id3(path)
    if isinstance(audio, MP4):
        return _read_mp4(audio)
    return TrackTags()


# --------------------------------------------------------------------------- FLAC


def _vorbis_values(tags: TrackTags) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {
        "TITLE": [tags.title or ""],
        "ARTIST": list(tags.artists),
        "ALBUM": [tags.album or ""],
        "ALBUMARTIST": [tags.album_artist or ""],
        "TRACKNUMBER": [str(tags.track_number or "")],
        "DISCNUMBER": [str(tags.disc_number or "")],
        "DATE": [str(tags.year or "")],
        "ISRC": [tags.isrc or ""],
        "GENRE": [tags.genre or ""],
    }
    for attr, key in _SPOTIFY_KEYS.items():
        values[key] = [getattr(tags, attr) or ""]
    return {key: [v for v in vals if v] for key, vals in values.items() if any(vals)}


def _write_flac(audio: Any, tags: TrackTags, cover: CoverImage | None) -> None:
    audio.delete()
    for key, values in _vorbis_values(tags).items():
        audio[key] = values
    audio.clear_pictures()
    if cover is not None:
        picture = Picture()  # type: ignore[no-untyped-call]
        picture.type = 3
        picture.mime = cover.mime
        picture.desc = "Cover"
        picture.data = cover.data
        audio.add_picture(picture)
    audio.save()


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _int(value: str | None) -> int | None:
    if not value:
        return None
    head = value.split("/", 1)[0].strip()[:4]
    return int(head) if head.isdigit() else None


def _read_vorbis(audio: Any) -> TrackTags:
    def get(key: str) -> list[str] | None:
        values = audio.get(key)
        return list(values) if values else None

    return TrackTags(
        title=_first(get("TITLE")),
        artists=get("ARTIST") or [],
        album=_first(get("ALBUM")),
        album_artist=_first(get("ALBUMARTIST")),
        track_number=_int(_first(get("TRACKNUMBER"))),
        disc_number=_int(_first(get("DISCNUMBER"))),
        year=_int(_first(get("DATE"))),
        isrc=_first(get("ISRC")),
        genre=_first(get("GENRE")),
        spotify_track_id=_first(get("SPOTIFY_TRACK_ID")),
        spotify_album_id=_first(get("SPOTIFY_ALBUM_ID")),
        spotify_artist_id=_first(get("SPOTIFY_ARTIST_ID")),
        has_cover=bool(audio.pictures),
    )


# --------------------------------------------------------------------------- MP3


def _write_id3(path: Path, tags: TrackTags, cover: CoverImage | None) -> None:
    with contextlib.suppress(id3.ID3NoHeaderError):
        id3.ID3(path).delete(path)
    frames_tag = id3.ID3()
    frames = [
        id3.TIT2(encoding=3, text=tags.title or ""),
        id3.TPE1(encoding=3, text=list(tags.artists)),
        id3.TALB(encoding=3, text=tags.album or ""),
        id3.TPE2(encoding=3, text=tags.album_artist or ""),
        id3.TRCK(encoding=3, text=str(tags.track_number or "")),
        id3.TPOS(encoding=3, text=str(tags.disc_number or "")),
        id3.TDRC(encoding=3, text=str(tags.year or "")),
        id3.TSRC(encoding=3, text=tags.isrc or ""),
        id3.TCON(encoding=3, text=tags.genre or ""),
    ]
    for frame in frames:
        if any(str(text) for text in frame.text):
            frames_tag.add(frame)
    for attr, key in _SPOTIFY_KEYS.items():
        value = getattr(tags, attr)
        if value:
            frames_tag.add(id3.TXXX(encoding=3, desc=key, text=value))
    if cover is not None:
        apic = id3.APIC(encoding=3, mime=cover.mime, type=3, desc="Cover", data=cover.data)
        frames_tag.add(apic)
    frames_tag.save(path, v2_version=4)


def _read_id3(path: Path) -> TrackTags:
    try:
        frames_tag = id3.ID3(path)
    except id3.ID3NoHeaderError:
        return TrackTags()

    def text(key: str) -> list[str] | None:
        frame = frames_tag.get(key)
        return [str(t) for t in frame.text] if frame is not None else None

    return TrackTags(
        title=_first(text("TIT2")),
        artists=text("TPE1") or [],
        album=_first(text("TALB")),
        album_artist=_first(text("TPE2")),
        track_number=_int(_first(text("TRCK"))),
        disc_number=_int(_first(text("TPOS"))),
        year=_int(_first(text("TDRC"))),
        isrc=_first(text("TSRC")),
        genre=_first(text("TCON")),
        spotify_track_id=_first(text("TXXX:SPOTIFY_TRACK_ID")),
        spotify_album_id=_first(text("TXXX:SPOTIFY_ALBUM_ID")),
        spotify_artist_id=_first(text("TXXX:SPOTIFY_ARTIST_ID")),
        has_cover=bool(frames_tag.getall("APIC")),
    )


# --------------------------------------------------------------------------- MP4


def _write_mp4(audio: Any, tags: TrackTags, cover: CoverImage | None) -> None:
    if audio.tags is None:
        audio.add_tags()
    else:
        audio.tags.clear()
    assert audio.tags is not None  # noqa: S101 - created just above
    values: dict[str, object] = {
        "\xa9nam": [tags.title] if tags.title else None,
        "\xa9ART": list(tags.artists) or None,
        "\xa9alb": [tags.album] if tags.album else None,
        "aART": [tags.album_artist] if tags.album_artist else None,
        "trkn": [(tags.track_number, 0)] if tags.track_number else None,
        "disk": [(tags.disc_number, 0)] if tags.disc_number else None,
        "\xa9day": [str(tags.year)] if tags.year else None,
        "\xa9gen": [tags.genre] if tags.genre else None,
    }
    free = {"ISRC": tags.isrc} | {key: getattr(tags, a) for a, key in _SPOTIFY_KEYS.items()}
    for key, value in free.items():
        if value:
            values[_FREEFORM + key] = [MP4FreeForm(value.encode("utf-8"))]  # type: ignore[no-untyped-call]
    if cover is not None:
        kind = MP4Cover.FORMAT_PNG if cover.mime == "image/png" else MP4Cover.FORMAT_JPEG
        values["covr"] = [MP4Cover(cover.data, imageformat=kind)]  # type: ignore[no-untyped-call]
    for key, value in values.items():
        if value is not None:
            audio.tags[key] = value
    audio.save()


def _read_mp4(audio: Any) -> TrackTags:
    tags: Any = audio.tags or {}

    def text(key: str) -> str | None:
        values = tags.get(key)
        return str(values[0]) if values else None

    def free(key: str) -> str | None:
        values = tags.get(_FREEFORM + key)
        return bytes(values[0]).decode("utf-8", "replace") if values else None

    def number(key: str) -> int | None:
        values = tags.get(key)
        return int(values[0][0]) if values else None

    return TrackTags(
        title=text("\xa9nam"),
        artists=[str(a) for a in tags.get("\xa9ART", [])],
        album=text("\xa9alb"),
        album_artist=text("aART"),
        track_number=number("trkn"),
        disc_number=number("disk"),
        year=_int(text("\xa9day")),
        isrc=free("ISRC"),
        genre=text("\xa9gen"),
        spotify_track_id=free("SPOTIFY_TRACK_ID"),
        spotify_album_id=free("SPOTIFY_ALBUM_ID"),
        spotify_artist_id=free("SPOTIFY_ARTIST_ID"),
        has_cover=bool(tags.get("covr")),
    )
