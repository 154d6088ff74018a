"""The individual score components; each returns ``(value in 0..1, detail)``.

Ranking calls them with ``explain=False`` (details stay empty, nothing is formatted);
:class:`MatchResult` calls them again with ``explain=True`` when someone asks why.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Final

from rapidfuzz.fuzz import ratio, token_set_ratio

from tonearm.matching._config import QualityProfile, QualityRank
from tonearm.matching._model import Candidate
from tonearm.matching._normalize import core_title, fold, normalize, split_featuring
from tonearm.matching._pathparse import RemotePath
from tonearm.matching._prepare import PreparedWanted

_UNKNOWN: Final = 0.5
_MAX_SPEED_KIB: Final = 10240.0
_LOG_MAX_SPEED: Final = math.log1p(_MAX_SPEED_KIB)


def title_value(
    prepared: PreparedWanted, parsed: RemotePath, explain: bool = False
) -> tuple[float, str]:
    """Similarity of the core titles; also tries the whole name minus the artist."""
    title = core_title(parsed.title)
    best = 100.0 if title == prepared.title and title else ratio(prepared.title, title)
    if best < 100.0:
        # The parse may have split the name wrongly ("99 Luftballons" as track 99,
        # "Oasis - Live Forever" as a live marker); try the less processed forms too.
        tried = {title}
        for form in _alternative_titles(parsed):
            alternative = _strip_prefixes(form, prepared.artist_prefixes)
            if alternative in tried:
                continue
            tried.add(alternative)
            other = ratio(prepared.title, alternative)
            if other > best:
                best, title = other, alternative
    detail = f"{title!r} vs wanted {prepared.title!r}" if explain else ""
    return best / 100.0, detail


def _alternative_titles(parsed: RemotePath) -> list[str]:
    forms = [] if parsed.name == parsed.title else [core_title(parsed.name)]
    forms.append(fold(parsed.name))
    if parsed.stem != parsed.name:
        forms.append(fold(parsed.stem))
    return forms


def _strip_prefixes(text: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if text.startswith(prefix) and text[len(prefix) : len(prefix) + 1] == " ":
            return text[len(prefix) + 1 :]
    return text


@lru_cache(maxsize=16384)
def _artist_forms(name: str) -> tuple[str, str]:
    main, featured = split_featuring(name)
    main_norm = normalize(main)
    return main_norm, " ".join([main_norm, *map(normalize, featured)])


def artist_value(
    prepared: PreparedWanted, parsed: RemotePath, explain: bool = False
) -> tuple[float, str]:
    """Best similarity between the wanted artists and the artists the path names."""
    best, source = 0.0, ""
    for name in (parsed.artist, parsed.folder_artist):
        if not name:
            continue
        main, everyone = _artist_forms(name)
        primary = prepared.primary_artist
        value = 100.0 if main == primary and main else ratio(primary, main)
        if value < 100.0:
            value = max(value, token_set_ratio(prepared.artists_joined, everyone) * 0.95)
            for artist in prepared.artists[1:]:
                value = max(value, ratio(artist, main))
        if value > best or not source:
            best, source = value, name
    if best < 90.0 and prepared.primary_artist:
        if f" {prepared.primary_artist} " in f" {fold(parsed.raw)} ":
            detail = f"{prepared.primary_artist!r} found in the path" if explain else ""
            return 0.9, detail
        if not source:
            return 0.35, "no artist in the path" if explain else ""
    detail = f"{source!r} vs wanted {prepared.primary_artist!r}" if explain else ""
    return best / 100.0, detail


def album_value(
    prepared: PreparedWanted, parsed: RemotePath, explain: bool = False
) -> tuple[float, str]:
    """Album title similarity with a small year agreement part."""
    wanted_year = prepared.wanted.year
    if wanted_year is None or parsed.year is None:
        year_value = _UNKNOWN
    else:
        year_value = 1.0 if abs(wanted_year - parsed.year) <= 1 else 0.0
    if prepared.album is None or not parsed.album:
        return _UNKNOWN * 0.85 + year_value * 0.15, "album unknown" if explain else ""
    album = core_title(parsed.album)
    # Equal non-empty texts share every token: the ratio is 100 without computing it.
    similarity = (
        1.0 if album == prepared.album and album else token_set_ratio(prepared.album, album) / 100.0
    )
    detail = (
        f"{parsed.album!r} ({parsed.year}) vs wanted {prepared.wanted.album!r} ({wanted_year})"
        if explain
        else ""
    )
    return similarity * 0.85 + year_value * 0.15, detail


def duration_value(
    prepared: PreparedWanted, candidate: Candidate, tolerance_s: float, explain: bool = False
) -> tuple[float, str]:
    """Length agreement: 1 within a second, falling to 0 at the tolerance."""
    if prepared.length_s is None or not candidate.length_s:
        return _UNKNOWN, "length unknown" if explain else ""
    # Conditional expressions rather than max(): same values, no builtin calls.
    over = abs(prepared.length_s - candidate.length_s) - 1.0
    value = 1.0 - (over if over > 0.0 else 0.0) / tolerance_s
    value = value if value > 0.0 else 0.0
    detail = f"{candidate.length_s:.0f}s vs wanted {prepared.length_s:.0f}s" if explain else ""
    return value, detail


def duration_exceeds(prepared: PreparedWanted, candidate: Candidate, tolerance_s: float) -> bool:
    """True when both lengths are known and differ by more than the tolerance."""
    if prepared.length_s is None or not candidate.length_s:
        return False
    return abs(prepared.length_s - candidate.length_s) > tolerance_s


def track_number_value(
    prepared: PreparedWanted, parsed: RemotePath, explain: bool = False
) -> tuple[float, str]:
    """1 when disc and track numbers agree, 0 when they differ, 0.5 when unknown."""
    wanted = prepared.wanted
    if wanted.track_number is None or parsed.track is None:
        return _UNKNOWN, "track number unknown" if explain else ""
    if wanted.disc_number and parsed.disc and wanted.disc_number != parsed.disc:
        return 0.0, f"disc {parsed.disc} vs wanted {wanted.disc_number}" if explain else ""
    if parsed.track == wanted.track_number:
        return 1.0, f"track {parsed.track}" if explain else ""
    return 0.0, f"track {parsed.track} vs wanted {wanted.track_number}" if explain else ""


def quality_value(rank: QualityRank | None, explain: bool = False) -> tuple[float, str]:
    """The profile's rank of the format as a value."""
    if rank is None:
        return 0.0, "format or bitrate not accepted by the profile" if explain else ""
    if not explain:
        return rank.value, ""
    bitrate = f", {rank.bitrate} kbps" if rank.bitrate and not rank.lossless else ""
    estimated = " (estimated)" if rank.estimated_bitrate and bitrate else ""
    return rank.value, f"{rank.name}{bitrate}{estimated}"


def peer_value(
    candidate: Candidate, profile: QualityProfile, explain: bool = False
) -> tuple[float, str]:
    """Free upload slot, queue length and upload speed; preferred users get a bonus."""
    # Conditional expressions rather than max()/min(): same values, no builtin calls.
    slot = 0.5 if candidate.has_free_upload_slot else 0.0
    queue_length = candidate.queue_length
    queue = 0.3 / (1.0 + (queue_length if queue_length > 0 else 0) / 5.0)
    upload_speed = candidate.upload_speed
    speed_kib = (upload_speed if upload_speed > 0 else 0) / 1024.0
    speed_share = math.log1p(speed_kib) / _LOG_MAX_SPEED
    speed = 0.2 * (speed_share if speed_share < 1.0 else 1.0)
    value = slot + queue + speed
    preferred = candidate.username in profile.preferred_users
    if preferred:
        value = min(1.0, value + 0.25)
    if not explain:
        return value, ""
    detail = (
        f"{'free slot' if slot else 'no free slot'}, queue {candidate.queue_length}, "
        f"{speed_kib:.0f} KiB/s{', preferred user' if preferred else ''}"
    )
    return value, detail
