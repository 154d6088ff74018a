"""The explained outcome of scoring one candidate."""

from __future__ import annotations

from typing import Any, NamedTuple

from tonearm.matching import _components as comp
from tonearm.matching._config import MatchConfig, QualityProfile, QualityRank
from tonearm.matching._model import Candidate, Component, Rejection, Verdict
from tonearm.matching._pathparse import RemotePath
from tonearm.matching._prepare import PreparedWanted


class MatchResult(NamedTuple):
    """The score of one candidate for one wanted track, with its explanation.

    ``components`` lists every named, weighted contribution; it is rebuilt on access
    (with human-readable details) so that ranking thousands of files stays cheap.
    ``prepared``, ``config`` and ``profile`` are kept only to rebuild that explanation.
    """

    candidate: Candidate
    total: float
    verdict: Verdict
    rejection: Rejection | None
    parsed: RemotePath
    quality_rank: QualityRank | None
    position: int
    prepared: PreparedWanted
    config: MatchConfig
    profile: QualityProfile

    @property
    def quality(self) -> str | None:
        """Name of the quality tier the file falls in, or None when not acceptable."""
        return self.quality_rank.name if self.quality_rank else None

    @property
    def accepted(self) -> bool:
        """True when the verdict is ``accept``."""
        return self.verdict is Verdict.ACCEPT

    @property
    def components(self) -> tuple[Component, ...]:
        """Every named contribution to ``total``: weight, value, contribution, detail."""
        return build_components(
            self.prepared,
            self.candidate,
            self.parsed,
            self.config,
            self.profile,
            self.quality_rank,
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the whole explanation as a JSON-serialisable dict."""
        return {
            "username": self.candidate.username,
            "filename": self.candidate.filename,
            "size": self.candidate.size,
            "total": round(self.total, 4),
            "verdict": self.verdict.value,
            "quality": self.quality,
            "rejection": self.rejection.as_dict() if self.rejection else None,
            "components": [component.as_dict() for component in self.components],
            "parsed": self.parsed.as_dict(),
        }


def build_components(
    prepared: PreparedWanted,
    candidate: Candidate,
    parsed: RemotePath,
    config: MatchConfig,
    profile: QualityProfile,
    quality: QualityRank | None,
) -> tuple[Component, ...]:
    """Compute every component with its human-readable detail."""
    weights = config.weights
    parts = (
        ("title", weights.title, comp.title_value(prepared, parsed, True)),
        ("artist", weights.artist, comp.artist_value(prepared, parsed, True)),
        ("album", weights.album, comp.album_value(prepared, parsed, True)),
        (
            "duration",
            weights.duration,
            comp.duration_value(prepared, candidate, config.duration_tolerance_s, True),
        ),
        ("track_number", weights.track_number, comp.track_number_value(prepared, parsed, True)),
        ("quality", weights.quality, comp.quality_value(quality, True)),
        ("peer", weights.peer, comp.peer_value(candidate, profile, True)),
    )
    return tuple(
        Component(name, weight, value, weight * value, detail)
        for name, weight, (value, detail) in parts
    )
