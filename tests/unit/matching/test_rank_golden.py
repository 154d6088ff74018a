"""``rank`` over the whole benchmark set gives exactly the recorded results.

The digest covers every result's order, total (rounded to 1e-9), verdict, rejection,
parse, quality rank and explained components, so speed work on the engine cannot change
a single score unnoticed. Recompute the digests only when a scoring change is intended.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

from tonearm.matching import MatchConfig, MatchResult, QualityProfile, clear_caches, rank

BENCH = Path(__file__).resolve().parents[3] / "bench" / "matching.py"

DEFAULT_DIGEST = "abeef5d6b4e942ce1be3bcf86631f4f59324ac3c9b0a2233480e4c720a15bab8"
STRICT_DIGEST = "0edb13126dd2393799ae75af47a42fee5c34dfd619591180b9a20823af7f80dc"


def _load_bench() -> ModuleType:
    name = "bench_matching_golden"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)  # also puts bench/data on sys.path
    return module


def _describe(result: MatchResult) -> list[Any]:
    rejection = result.rejection
    return [
        result.position,
        result.candidate.username,
        f"{result.total:.9f}",
        result.verdict.value,
        [rejection.code.value, rejection.reason] if rejection else None,
        list(result.parsed),
        list(result.quality_rank) if result.quality_rank else None,
        [
            [c.name, c.weight, f"{c.value:.9f}", f"{c.contribution:.9f}", c.detail]
            for c in result.components
        ],
    ]


def _digest(config: MatchConfig, profile: QualityProfile, blocklisted: int) -> str:
    """Digest of ``rank`` over both bench sets; memo caches are kept as they are."""
    bench = _load_bench()
    import matching_hard
    import matching_set

    with warnings.catch_warnings():
        # The set's generator passes a whole float to randint, as the benchmark run allows.
        warnings.simplefilter("ignore", DeprecationWarning)
        cases = matching_set.build_cases() + matching_hard.build_cases()
    outputs = []
    for number, case in enumerate(cases):
        wanted = bench.to_wanted(case)
        candidates = [bench.to_candidate(spec) for spec in case.candidates]
        blocklist = frozenset(
            (c.username, c.filename) for c in candidates[: blocklisted if number % 3 == 0 else 0]
        )
        outputs.append([_describe(r) for r in rank(wanted, candidates, config, profile, blocklist)])
    text = json.dumps(outputs, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def test_default_settings_rank_the_bench_set_as_recorded_cold_and_warm() -> None:
    clear_caches()
    assert _digest(MatchConfig(), QualityProfile(), 0) == DEFAULT_DIGEST
    assert _digest(MatchConfig(), QualityProfile(), 0) == DEFAULT_DIGEST


def test_strict_settings_rank_the_bench_set_as_recorded() -> None:
    config = MatchConfig(duration_tolerance_s=4.0, accept_threshold=0.8, min_title_similarity=0.9)
    profile = QualityProfile(
        min_bitrate=256,
        max_size_bytes=40_000_000,
        preferred_users=frozenset({"vinylhoarder", "musiclover"}),
        blocked_users=frozenset({"dj_kasper"}),
    )
    clear_caches()
    assert _digest(config, profile, 2) == STRICT_DIGEST
