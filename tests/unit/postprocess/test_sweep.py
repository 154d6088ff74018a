"""The sweep removes post-processing leftovers nothing has touched for an hour, and only
those: live work files, library music and other hidden files stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tonearm.domain.postprocess.sweep import STALE_AFTER_S, sweep_stale_temporaries


def _file(path: Path, age_s: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    when = time.time() - age_s
    os.utime(path, (when, when))
    return path


def test_only_old_leftovers_are_removed(tmp_path: Path) -> None:
    library, work = tmp_path / "library", tmp_path / "staging" / ".tonearm-work"
    old = STALE_AFTER_S + 60
    stale_work = _file(work / "7.flac", old)
    stale_tmp = _file(library / "A" / "B" / ".01 - T.flac.tonearm-tmp-0a1b", old)
    stale_lrc = _file(library / "A" / "B" / ".01 - T.lrc.tonearm-tmp-0a1c", old)
    keep = [
        _file(work / "8.flac", 5),  # a running step's copy
        _file(library / "A" / "B" / ".02 - U.flac.tonearm-tmp-0a1d", 5),
        _file(library / "A" / "B" / "01 - T.flac", old),
        _file(library / ".hidden-by-someone-else", old),
    ]
    removed = sweep_stale_temporaries(library, work)
    assert sorted(removed) == sorted([stale_work, stale_tmp, stale_lrc])
    assert not any(p.exists() for p in removed)
    assert all(p.exists() for p in keep)


def test_missing_folders_are_nothing_to_sweep(tmp_path: Path) -> None:
    assert sweep_stale_temporaries(tmp_path / "no-library", tmp_path / "no-work") == []
