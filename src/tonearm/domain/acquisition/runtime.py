"""What an acquisition step needs: transactions, effective settings, clients, a clock."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db.base import utcnow
from tonearm.domain.acquisition.etiquette import SearchLimits
from tonearm.domain.acquisition.quality import quality_profile
from tonearm.integrations.slskd import SlskdClient
from tonearm.matching import MatchConfig, QualityProfile

__all__ = ["AcquisitionRuntime", "TransactionFactory"]

TransactionFactory = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass
class AcquisitionRuntime:
    """The collaborators of every pipeline step, built once per job run.

    ``transaction`` opens one unit of work (the job's lease-fenced transaction in a worker);
    ``slskd`` goes through the provider gateway (call it outside ``transaction``: the gateway
    records outcomes in its own transactions); ``http`` is a plain client for covers, lyrics
    and media-server hooks, which check their own target hosts.
    """

    transaction: TransactionFactory
    settings: Settings
    slskd: SlskdClient
    http: httpx.AsyncClient
    match_config: MatchConfig = field(default_factory=MatchConfig)
    clock: Callable[[], datetime] = utcnow

    @cached_property
    def quality(self) -> QualityProfile:
        """The quality profile of the effective settings."""
        return quality_profile(self.settings)

    @property
    def limits(self) -> SearchLimits:
        """Search etiquette from the settings."""
        s = self.settings
        return SearchLimits(
            per_window=s.slskd_searches_per_window,
            window_s=s.slskd_search_window_s,
            min_gap_s=s.slskd_search_min_gap_s,
            max_running=s.slskd_max_running_searches,
            lease_s=s.slskd_search_timeout_ms / 1000 * 4 + 30,
        )

    @property
    def slskd_downloads_dir(self) -> Path:
        """Where slskd's finished files are visible to Tonearm."""
        return self.settings.slskd_downloads_dir or self.settings.resolved_downloads_dir

    @property
    def work_dir(self) -> Path:
        """Tonearm's own staging folder for files being tagged."""
        return self.settings.resolved_downloads_dir / ".tonearm-work"
