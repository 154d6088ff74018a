"""Input and output values of the matching engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class WantedTrack:
    """The track a person wants, as a metadata provider describes it."""

    title: str
    artists: Sequence[str]
    album: str | None = None
    duration_ms: int | None = None
    track_number: int | None = None
    disc_number: int | None = None
    year: int | None = None
    version_hints: Sequence[str] = ()

    def __post_init__(self) -> None:
        # Tuples keep the value hashable so prepared forms can be cached.
        object.__setattr__(self, "artists", tuple(self.artists))
        object.__setattr__(self, "version_hints", tuple(self.version_hints))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One file offered by a Soulseek peer, mirroring slskd's search response fields."""

    username: str
    filename: str
    size: int
    bitrate: int | None = None
    bit_depth: int | None = None
    sample_rate: int | None = None
    length_s: float | None = None
    is_variable_bit_rate: bool | None = None
    is_locked: bool = False
    has_free_upload_slot: bool = True
    queue_length: int = 0
    upload_speed: int = 0

    @property
    def extension(self) -> str:
        """Lowercase extension derived from the filename ("" when there is none)."""
        name = self.filename.replace("\\", "/").rsplit("/", 1)[-1]
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem or not ext.isalnum() or len(ext) > 5:
            return ""
        return ext.lower()


class Verdict(StrEnum):
    """What to do with a candidate."""

    ACCEPT = "accept"
    REVIEW = "review"
    REJECT = "reject"


class RejectionCode(StrEnum):
    """Why a candidate was rejected outright."""

    BLOCKED_USER = "blocked_user"
    BLOCKLISTED = "blocklisted"
    LOCKED = "locked"
    TOO_LARGE = "too_large"
    NOT_AUDIO = "not_audio"
    UNACCEPTABLE_QUALITY = "unacceptable_quality"
    WRONG_VERSION = "wrong_version"
    DURATION_MISMATCH = "duration_mismatch"
    LOW_SCORE = "low_score"


@dataclass(frozen=True, slots=True)
class Rejection:
    """A hard rejection: a machine code and a sentence for people."""

    code: RejectionCode
    reason: str

    def as_dict(self) -> dict[str, str]:
        """Return the rejection as a JSON-serialisable dict."""
        return {"code": self.code.value, "reason": self.reason}


class Component(NamedTuple):
    """One named, weighted part of a score: ``contribution = weight * value``."""

    name: str
    weight: float
    value: float
    contribution: float
    detail: str

    def as_dict(self) -> dict[str, Any]:
        """Return the component as a JSON-serialisable dict."""
        return {
            "name": self.name,
            "weight": self.weight,
            "value": round(self.value, 4),
            "contribution": round(self.contribution, 4),
            "detail": self.detail,
        }
