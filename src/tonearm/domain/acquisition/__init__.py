"""Acquisition: search Soulseek within its etiquette, rank files, download, follow transfers.

Pipeline jobs: ``acquire.search`` {"track_id"} → ``acquire.download`` {"download_id"} →
``acquire.monitor`` {"download_id"} → ``postprocess`` {"download_id"}.

The package root stays free of HTTP clients so delivery code can import its services.
"""

from tonearm.domain.acquisition.jobs import (
    DOWNLOAD_JOB,
    MONITOR_JOB,
    POSTPROCESS_JOB,
    SEARCH_JOB,
)

__all__ = [
    "DOWNLOAD_JOB",
    "MONITOR_JOB",
    "POSTPROCESS_JOB",
    "SEARCH_JOB",
]
