"""Verify a downloaded file with mutagen: complete, decodable, expected kind and duration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen
from mutagen.flac import FLAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from tonearm.domain.postprocess.errors import (
    DurationMismatch,
    FileIncomplete,
    NotDecodable,
    WrongKind,
)

__all__ = ["KINDS", "AudioInfo", "audio_kind", "verify_audio"]

#: File extension -> the mutagen type that must decode it.
KINDS: dict[str, type[Any]] = {"flac": FLAC, "mp3": MP3, "m4a": MP4, "mp4": MP4}


@dataclass(frozen=True)
class AudioInfo:
    """What mutagen read from a verified file."""

    kind: str
    duration_s: float
    bitrate: int | None
    size: int


def audio_kind(path: Path) -> str | None:
    """``flac``/``mp3``/``m4a`` by content (not by name), or None when not audio we know."""
    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError):
        return None
    for ext, kind in (("flac", FLAC), ("mp3", MP3), ("m4a", MP4)):
        if isinstance(audio, kind):
            return ext
    return None


def verify_audio(
    path: Path,
    *,
    expected_ext: str,
    expected_size: int | None = None,
    expected_duration_s: float | None = None,
    tolerance_s: float = 10.0,
) -> AudioInfo:
    """Check ``path`` and return its audio facts, or raise a :class:`VerificationFailed`."""
    size = path.stat().st_size
    if expected_size and size < expected_size:
        raise FileIncomplete(f"received {size} of {expected_size} bytes")
    kind_type = KINDS.get(expected_ext.lower())
    if kind_type is None:
        raise WrongKind(f"unsupported audio kind: {expected_ext!r}")
    audio: Any = _open(path)
    if not isinstance(audio, kind_type):
        found = type(audio).__name__ if audio is not None else "unknown"
        raise WrongKind(f"expected {expected_ext}, found {found}")
    duration = float(audio.info.length or 0.0)
    if duration <= 0:
        raise NotDecodable("no audio frames")
    if expected_duration_s and abs(duration - expected_duration_s) > tolerance_s:
        raise DurationMismatch(
            f"duration {duration:.1f}s, expected {expected_duration_s:.1f}s ± {tolerance_s:g}s"
        )
    if isinstance(audio, FLAC):
        _check_flac_frames(path)
    bitrate = getattr(audio.info, "bitrate", None)
    kbps = int(bitrate) // 1000 if bitrate else None
    return AudioInfo(kind=expected_ext.lower(), duration_s=duration, bitrate=kbps, size=size)


def _open(path: Path) -> Any:
    try:
        return mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError) as exc:
        raise NotDecodable(f"not decodable: {exc}") from exc


def _check_flac_frames(path: Path) -> None:
    """The first audio frame must follow the metadata blocks (a cut-off file has none)."""
    with path.open("rb") as handle:
        if handle.read(4) != b"fLaC":
            raise NotDecodable("missing FLAC marker")
        last = False
        while not last:
            header = handle.read(4)
            if len(header) < 4:
                raise NotDecodable("metadata ends early")
            last = bool(header[0] & 0x80)
            handle.seek(int.from_bytes(header[1:4], "big"), 1)
        sync = handle.read(2)
    if len(sync) < 2 or sync[0] != 0xFF or (sync[1] & 0xFC) != 0xF8:
        raise NotDecodable("no FLAC audio frame after the metadata")
