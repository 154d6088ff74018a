"""Scoring and ranking of Soulseek candidates against a wanted track."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from tonearm.matching import _components as comp
from tonearm.matching._config import MatchConfig, QualityProfile, QualityRank
from tonearm.matching._model import (
    Candidate,
    Rejection,
    RejectionCode,
    Verdict,
    WantedTrack,
)
from tonearm.matching._normalize import folder_version_counts, version_counts
from tonearm.matching._pathparse import RemotePath, parse_remote_path
from tonearm.matching._prepare import PreparedWanted, prepare_wanted
from tonearm.matching._result import MatchResult
from tonearm.matching._tables import AUDIO_EXTENSIONS, VERSION_LABELS

Blocklist = frozenset[tuple[str, str]]

_LOW_SCORE: Final = Rejection(
    RejectionCode.LOW_SCORE,
    "the score, or its title or artist part, is below the review threshold",
)
_BLOCKLISTED: Final = Rejection(RejectionCode.BLOCKLISTED, "this file from this user failed before")
_LOCKED: Final = Rejection(RejectionCode.LOCKED, "the peer has locked this file")
_UNACCEPTABLE_QUALITY: Final = Rejection(
    RejectionCode.UNACCEPTABLE_QUALITY, "format or bitrate is not allowed by the quality profile"
)
# Version rejections, one per family and direction (the reasons are fixed sentences).
_WRONG_VERSIONS: Final[dict[str, Rejection]] = {}
_new_tuple: Final[Callable[..., Any]] = tuple.__new__  # skips the named tuple's Python __new__
_NO_VERSIONS: Final[dict[str, int]] = {}  # read only


def score(
    wanted: WantedTrack,
    candidate: Candidate,
    config: MatchConfig,
    profile: QualityProfile,
    blocklist: Blocklist = frozenset(),
) -> MatchResult:
    """Score one candidate file for ``wanted``, explaining every contribution."""
    return _score(
        prepare_wanted(wanted), candidate, config, profile, blocklist, 0, config.weights.total
    )


def rank(
    wanted: WantedTrack,
    candidates: Iterable[Candidate],
    config: MatchConfig,
    profile: QualityProfile,
    blocklist: Blocklist = frozenset(),
) -> list[MatchResult]:
    """Score every candidate and sort best first; rejected candidates come last.

    Ties are broken by username then filename, so the order does not depend on the order
    in which peers answered.
    """
    prepared = prepare_wanted(wanted)
    weight_total = config.weights.total
    reject = Verdict.REJECT
    # Sort on plain tuples built here rather than through a key function called per
    # result; ``index`` is unique, so the result itself is never compared.
    keyed: list[tuple[bool, float, str, str, int, MatchResult]] = []
    append = keyed.append
    for index, candidate in enumerate(candidates):
        result = _score(prepared, candidate, config, profile, blocklist, index, weight_total)
        append(
            (result[2] is reject, -result[1], candidate.username, candidate.filename, index, result)
        )
    keyed.sort()
    return [key[5] for key in keyed]


def _score(
    prepared: PreparedWanted,
    candidate: Candidate,
    config: MatchConfig,
    profile: QualityProfile,
    blocklist: Blocklist,
    index: int,
    weight_total: float,
) -> MatchResult:
    parsed = parse_remote_path(candidate.filename)
    length_s = candidate.length_s
    quality = profile.rank_file(
        parsed.extension,
        candidate.size,
        candidate.bitrate,
        candidate.is_variable_bit_rate,
        length_s or prepared.length_s,
    )
    weights = config.weights
    tolerance_s = config.duration_tolerance_s
    title = comp.title_value(prepared, parsed)[0]
    artist = comp.artist_value(prepared, parsed)[0]
    total = (
        weights.title * title
        + weights.artist * artist
        + weights.album * comp.album_value(prepared, parsed)[0]
        + weights.duration * comp.duration_value(prepared, candidate, tolerance_s)[0]
        + weights.track_number * comp.track_number_value(prepared, parsed)[0]
        + weights.quality * (quality.value if quality else 0.0)
        + weights.peer * comp.peer_value(candidate, profile)[0]
    ) / weight_total
    rejection = _hard_rejection(prepared, candidate, parsed, config, profile, blocklist, quality)
    verdict = Verdict.REJECT
    if rejection is None:
        verdict, rejection = _verdict(config, total, title, artist)
    result: MatchResult = _new_tuple(
        MatchResult,
        (candidate, total, verdict, rejection, parsed, quality, index, prepared, config, profile),
    )
    return result


def _verdict(
    config: MatchConfig, total: float, title: float, artist: float
) -> tuple[Verdict, Rejection | None]:
    if (
        total >= config.accept_threshold
        and title >= config.min_title_similarity
        and artist >= config.min_artist_similarity
    ):
        return Verdict.ACCEPT, None
    if total >= config.review_threshold and title >= config.min_title_similarity * 0.75:
        return Verdict.REVIEW, None
    return Verdict.REJECT, _LOW_SCORE


def _hard_rejection(
    prepared: PreparedWanted,
    candidate: Candidate,
    parsed: RemotePath,
    config: MatchConfig,
    profile: QualityProfile,
    blocklist: Blocklist,
    quality: QualityRank | None,
) -> Rejection | None:
    if candidate.username in profile.blocked_users:
        return Rejection(RejectionCode.BLOCKED_USER, f"user {candidate.username!r} is blocked")
    if blocklist and (candidate.username, candidate.filename) in blocklist:
        return _BLOCKLISTED
    if candidate.is_locked:
        return _LOCKED
    if profile.max_size_bytes is not None and candidate.size > profile.max_size_bytes:
        reason = f"{candidate.size} bytes is over the {profile.max_size_bytes} byte limit"
        return Rejection(RejectionCode.TOO_LARGE, reason)
    if parsed.extension not in AUDIO_EXTENSIONS:
        return Rejection(RejectionCode.NOT_AUDIO, f"extension {parsed.extension!r} is not audio")
    if quality is None:
        return _UNACCEPTABLE_QUALITY
    version = _wrong_version(prepared, parsed)
    if version is not None:
        rejection = _WRONG_VERSIONS.get(version)
        if rejection is None:
            rejection = _WRONG_VERSIONS[version] = Rejection(RejectionCode.WRONG_VERSION, version)
        return rejection
    if comp.duration_exceeds(prepared, candidate, config.duration_tolerance_s):
        reason = (
            f"length {candidate.length_s}s differs from the wanted "
            f"{prepared.length_s:.0f}s by more than the tolerance"
        )
        return Rejection(RejectionCode.DURATION_MISMATCH, reason)
    return None


def _wrong_version(prepared: PreparedWanted, parsed: RemotePath) -> str | None:
    """Explain a version mismatch (a live file for a studio track, or the reverse)."""
    name_counts = version_counts(parsed.name)
    album_counts = folder_version_counts(parsed.album) if parsed.album else _NO_VERSIONS
    budget = prepared.version_budget
    for counts in (name_counts, album_counts):
        for version, count in counts.items():
            if count > budget.get(version, 0):
                return f"the file is a {VERSION_LABELS[version]}; the wanted track is not"
    for version, count in prepared.title_versions.items():
        if name_counts.get(version, 0) + album_counts.get(version, 0) < count:
            return f"the wanted track is a {VERSION_LABELS[version]}; the file is not"
    return None
