"""Pure matching engine: normalise names, parse Soulseek paths, score and rank files.

Nothing here does I/O or reads configuration: weights arrive as a :class:`MatchConfig`
and quality wishes as a :class:`QualityProfile`. Every score lists its named, weighted
components, so a person can see why a file was picked or rejected.

The modules below may run compiled by mypyc (``make native``); :func:`compiled` tells which.
"""

from tonearm.matching import _native

# Before any engine module loads: Python picks a compiled module over its edited source.
_native.verify()

from tonearm.matching._cache import clear_caches
from tonearm.matching._config import (
    DEFAULT_FORMAT_TIERS,
    FormatTier,
    MatchConfig,
    MatchWeights,
    QualityProfile,
    QualityRank,
)
from tonearm.matching._errors import InvalidMatchConfigError, MatchingError
from tonearm.matching._model import (
    Candidate,
    Component,
    Rejection,
    RejectionCode,
    Verdict,
    WantedTrack,
)
from tonearm.matching._normalize import (
    core_title,
    normalize,
    split_featuring,
    strip_version_markers,
    tokens,
    version_counts,
)
from tonearm.matching._pathparse import RemotePath, parse_remote_path
from tonearm.matching._relevance import relevance
from tonearm.matching._result import MatchResult
from tonearm.matching._score import Blocklist, rank, score


def compiled() -> bool:
    """Whether the engine runs as modules compiled by mypyc (else as pure Python)."""
    return _native.running_compiled(__name__)


__all__ = [
    "DEFAULT_FORMAT_TIERS",
    "Blocklist",
    "Candidate",
    "Component",
    "FormatTier",
    "InvalidMatchConfigError",
    "MatchConfig",
    "MatchResult",
    "MatchWeights",
    "MatchingError",
    "QualityProfile",
    "QualityRank",
    "Rejection",
    "RejectionCode",
    "RemotePath",
    "Verdict",
    "WantedTrack",
    "clear_caches",
    "compiled",
    "core_title",
    "normalize",
    "parse_remote_path",
    "rank",
    "relevance",
    "score",
    "split_featuring",
    "strip_version_markers",
    "tokens",
    "version_counts",
]
