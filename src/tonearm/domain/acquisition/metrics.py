"""The ``tonearm_downloads{state}`` gauge, read from the database at each scrape.

Downloads change state in every worker on every host; counting the rows when ``/metrics`` is
scraped shows every change, whichever process made it.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import DOWNLOAD_STATES
from tonearm.domain.acquisition.repository import download_counts
from tonearm.observability import Metrics

__all__ = ["refresh_download_gauge"]


async def refresh_download_gauge(session: AsyncSession, metrics: Metrics) -> None:
    """Set the number of downloads of every state (0 for a state no download is in)."""
    counts = await download_counts(session)
    for state in DOWNLOAD_STATES:
        metrics.downloads.labels(state).set(counts.get(state, 0))
