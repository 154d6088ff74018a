"""Checks of the configured integrations (slskd, Spotify)."""

from __future__ import annotations

from tonearm.config import Settings
from tonearm.domain.system.checks import Check


async def run_integration_checks(settings: Settings) -> list[Check]:
    """One verdict per integration; unconfigured ones are skipped."""
    checks = []
    if settings.slskd_url:
        checks.append(Check("slskd", "warn", "configured; live probe not available in this build"))
    else:
        checks.append(Check("slskd", "skipped", "TONEARM_SLSKD_URL not set"))
    if settings.spotify_client_id:
        checks.append(
            Check("spotify", "warn", "configured; live probe not available in this build")
        )
    else:
        checks.append(Check("spotify", "skipped", "FREE mode: no client id configured"))
    return checks
