"""Acquisition: search Soulseek within its etiquette, rank files, download, follow transfers.

Pipeline jobs: ``acquire.search`` {"track_id"} → ``acquire.download`` {"download_id"} →
``acquire.monitor`` {"download_id"} → ``postprocess`` {"download_id"}.
"""

from tonearm.domain.acquisition.jobs import (
    DOWNLOAD_JOB,
    MONITOR_JOB,
    POSTPROCESS_JOB,
    SEARCH_JOB,
)
from tonearm.domain.acquisition.runtime import AcquisitionRuntime, build_slskd_client

__all__ = [
    "DOWNLOAD_JOB",
    "MONITOR_JOB",
    "POSTPROCESS_JOB",
    "SEARCH_JOB",
    "AcquisitionRuntime",
    "build_slskd_client",
]
