"""The quality profile of the effective settings (formats, limits, peers, upgrades)."""

from __future__ import annotations

from collections.abc import Iterable

from tonearm.config import Settings
from tonearm.matching import DEFAULT_FORMAT_TIERS, FormatTier, QualityProfile

__all__ = ["format_tiers", "quality_profile", "top_extension"]

_TIERS: dict[str, FormatTier] = {tier.name: tier for tier in DEFAULT_FORMAT_TIERS}
_BY_KEY: dict[str, FormatTier] = {"".join(n.split()).casefold(): t for n, t in _TIERS.items()}


def top_extension(names: Iterable[str]) -> str:
    """The file extension of the best format named (``flac`` when none is recognised),
    e.g. for the sample file of a path preview; names are matched like the settings do."""
    for name in names:
        tier = _BY_KEY.get("".join(name.split()).casefold())
        if tier is not None:
            return tier.extensions[0]
    return DEFAULT_FORMAT_TIERS[0].extensions[0]


def format_tiers(names: list[str]) -> tuple[FormatTier, ...]:
    """The tiers named, in that order (names the settings validated; others are ignored)."""
    tiers = tuple(_TIERS[name] for name in names if name in _TIERS)
    return tiers or DEFAULT_FORMAT_TIERS


def quality_profile(settings: Settings) -> QualityProfile:
    """Build the matching engine's quality profile from the ``quality_*`` settings."""
    max_mb = settings.quality_max_size_mb
    return QualityProfile(
        formats=format_tiers(settings.quality_formats),
        min_bitrate=settings.quality_min_bitrate,
        max_size_bytes=max_mb * 1024**2 if max_mb is not None else None,
        preferred_users=frozenset(settings.quality_preferred_users),
        blocked_users=frozenset(settings.quality_blocked_users),
        upgrade_lossy=settings.quality_upgrade_lossy,
    )
