"""The playlist sync benchmark's core on a short playlist, so ``bench/playlist_sync.py`` keeps
working: the real ``playlist.sync`` job, a full sync, then an unchanged re-sync with no writes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[3] / "bench" / "playlist_sync.py"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_playlist_sync", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


async def test_bench_core_syncs_then_resyncs_without_writes(db_url: str, tmp_path: Path) -> None:
    bench = _load_bench()
    figures = await bench.run_bench(tmp_path, db_url, 300, in_process=True)
    assert figures.tracks == 300
    assert figures.entries == 300
    assert figures.resync_domain_writes == 0
    assert 0 < figures.resync_s < figures.full_sync_s
    assert figures.rss_growth_mb >= 0
    result = bench.report("test", figures)
    assert set(result["verdicts"]) == {"full_sync_s", "resync_s", "rss_growth_mb"}
    assert result["pass"] == all(result["verdicts"].values())
