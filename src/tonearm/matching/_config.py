"""Tunable inputs of the engine: match weights/thresholds and the quality profile."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Final, NamedTuple

from tonearm.matching._errors import InvalidMatchConfigError
from tonearm.matching._model import Candidate

_new_tuple: Final[Callable[..., Any]] = tuple.__new__  # skips the named tuple's Python __new__
#: Bitrates (kbps) MP3 encoders use for constant bitrate; anything else is VBR.
_CBR_BITRATES: Final = frozenset({32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320})


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """Relative weight of each score component (they need not sum to one)."""

    title: float = 0.34
    artist: float = 0.22
    album: float = 0.08
    duration: float = 0.14
    track_number: float = 0.04
    quality: float = 0.12
    peer: float = 0.06

    def __post_init__(self) -> None:
        values = [getattr(self, item.name) for item in fields(self)]
        if any(value < 0 for value in values) or sum(values) <= 0:
            raise InvalidMatchConfigError("weights must be non-negative and not all zero")

    @property
    def total(self) -> float:
        """Sum of all weights (scores are divided by it to stay within 0..1)."""
        return (
            self.title
            + self.artist
            + self.album
            + self.duration
            + self.track_number
            + self.quality
            + self.peer
        )


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """How candidates are scored: component weights, duration tolerance, thresholds."""

    weights: MatchWeights = field(default_factory=MatchWeights)
    duration_tolerance_s: float = 10.0
    accept_threshold: float = 0.75
    review_threshold: float = 0.55
    min_title_similarity: float = 0.8
    min_artist_similarity: float = 0.6

    def __post_init__(self) -> None:
        if self.duration_tolerance_s <= 0:
            raise InvalidMatchConfigError("duration_tolerance_s must be positive")
        if not 0 <= self.review_threshold <= self.accept_threshold <= 1:
            raise InvalidMatchConfigError("thresholds must satisfy 0 <= review <= accept <= 1")

    def as_dict(self) -> dict[str, Any]:
        """Return the configuration as a JSON-serialisable dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FormatTier:
    """One acceptable format, e.g. "MP3 320": extensions plus bitrate constraints (kbps)."""

    name: str
    extensions: tuple[str, ...]
    min_bitrate: int | None = None
    vbr: bool | None = None
    lossless: bool = False

    def admits(self, extension: str, bitrate: int | None, vbr: bool | None) -> bool:
        """Tell whether a file with these attributes belongs to this tier."""
        if extension not in self.extensions:
            return False
        if self.lossless:
            return True
        if bitrate is None:
            return False
        if self.min_bitrate is not None and bitrate < self.min_bitrate:
            return False
        return self.vbr is None or vbr is None or self.vbr == vbr


DEFAULT_FORMAT_TIERS: Final[tuple[FormatTier, ...]] = (
    FormatTier("FLAC", ("flac",), lossless=True),
    FormatTier("MP3 320", ("mp3",), min_bitrate=315),
    FormatTier("MP3 V0", ("mp3",), min_bitrate=220, vbr=True),
    FormatTier("AAC 256+", ("m4a", "aac"), min_bitrate=250),
    FormatTier("MP3 256", ("mp3",), min_bitrate=250, vbr=False),
)


class QualityRank(NamedTuple):
    """Where a candidate's format falls in the profile; ``value`` is 1.0 for the best tier."""

    tier: int
    name: str
    value: float
    lossless: bool
    bitrate: int | None
    estimated_bitrate: bool


@dataclass(frozen=True, slots=True)
class QualityProfile:
    """A person's quality wishes: ordered formats, limits and peer preferences."""

    formats: tuple[FormatTier, ...] = DEFAULT_FORMAT_TIERS
    min_bitrate: int | None = None
    max_size_bytes: int | None = 2 * 1024**3
    preferred_users: frozenset[str] = frozenset()
    blocked_users: frozenset[str] = frozenset()
    upgrade_lossy: bool = True
    _by_extension: dict[str, tuple[tuple[int, FormatTier], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not self.formats:
            raise InvalidMatchConfigError("a quality profile needs at least one format")
        object.__setattr__(self, "formats", tuple(self.formats))
        by_extension: dict[str, list[tuple[int, FormatTier]]] = {}
        for index, tier in enumerate(self.formats):
            for extension in tier.extensions:
                by_extension.setdefault(extension, []).append((index, tier))
        lookup = {extension: tuple(tiers) for extension, tiers in by_extension.items()}
        object.__setattr__(self, "_by_extension", lookup)
        object.__setattr__(self, "preferred_users", _frozen(self.preferred_users))
        object.__setattr__(self, "blocked_users", _frozen(self.blocked_users))

    def rank(
        self, candidate: Candidate, expected_length_s: float | None = None
    ) -> QualityRank | None:
        """Rank the candidate's format/bitrate, or return None when it is not acceptable.

        When slskd gives no bitrate, it is estimated from the size and the file's length
        (or the wanted track's length when the peer did not report one).
        """
        return self.rank_file(
            candidate.extension,
            candidate.size,
            candidate.bitrate,
            candidate.is_variable_bit_rate,
            candidate.length_s or expected_length_s,
        )

    def rank_file(
        self,
        extension: str,
        size: int,
        bitrate: int | None,
        vbr: bool | None,
        length_s: float | None,
    ) -> QualityRank | None:
        """Rank a file from its attributes (see :meth:`rank`)."""
        estimated = False
        if bitrate is None and length_s and length_s > 0 and size > 0:
            bitrate = round(size * 8 / length_s / 1000)
            estimated = True
        if vbr is None and bitrate is not None and not estimated and extension == "mp3":
            vbr = bitrate not in _CBR_BITRATES
        return self._rank(extension, bitrate, vbr, estimated)

    def _rank(
        self, extension: str, bitrate: int | None, vbr: bool | None, estimated: bool
    ) -> QualityRank | None:
        count = len(self.formats)
        for index, tier in self._by_extension.get(extension, ()):
            if not tier.admits(extension, bitrate, vbr):
                continue
            if not tier.lossless and self.min_bitrate and (bitrate or 0) < self.min_bitrate:
                return None
            value = 1.0 - 0.5 * index / (count - 1) if count > 1 else 1.0
            ranked: QualityRank = _new_tuple(
                QualityRank, (index, tier.name, value, tier.lossless, bitrate, estimated)
            )
            return ranked
        return None

    def as_dict(self) -> dict[str, Any]:
        """Return the profile as a JSON-serialisable dict."""
        data = asdict(self)
        data.pop("_by_extension", None)
        data["preferred_users"] = sorted(self.preferred_users)
        data["blocked_users"] = sorted(self.blocked_users)
        return data


def _frozen(users: Iterable[str]) -> frozenset[str]:
    return users if isinstance(users, frozenset) else frozenset(users)
