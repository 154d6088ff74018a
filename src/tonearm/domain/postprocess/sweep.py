"""Remove what a killed post-processing run left behind when no later run cleans it up.

A re-run of the same download removes its own leftovers (the work copy has a fixed name, the
library temporaries are removed per destination). What stays is rare: the work copy of a
download cancelled or given up after a crash, a hidden library temporary whose destination
name changed (another path template). The sweep removes such files once nothing has touched
them for :data:`STALE_AFTER_S`, far longer than any running step leaves a file untouched.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from tonearm.domain.postprocess.organize import TMP_MARK

__all__ = ["STALE_AFTER_S", "WORK_FOLDER", "stale_temporaries", "sweep_stale_temporaries"]

STALE_AFTER_S = 3600.0
WORK_FOLDER = ".tonearm-work"  # inside the downloads (staging) folder: the work copies


def stale_temporaries(
    library: Path, work: Path, *, older_than_s: float = STALE_AFTER_S, now: float | None = None
) -> list[Path]:
    """Work copies and hidden library temporaries untouched for ``older_than_s`` seconds."""
    cutoff = (time.time() if now is None else now) - older_than_s
    found = [p for p in work.iterdir() if p.is_file()] if work.is_dir() else []
    if library.is_dir():
        found += [p for p in library.rglob(f".*{TMP_MARK}*") if p.is_file()]
    stale: list[Path] = []
    for path in found:
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                stale.append(path)
    return stale


def sweep_stale_temporaries(
    library: Path, work: Path, *, older_than_s: float = STALE_AFTER_S, now: float | None = None
) -> list[Path]:
    """Delete :func:`stale_temporaries` (blocking: run in a thread); what was removed."""
    removed: list[Path] = []
    for path in stale_temporaries(library, work, older_than_s=older_than_s, now=now):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed
