"""Matching benchmark: accuracy on the labelled set and single-core throughput.

Usage: ``.venv/bin/python bench/matching.py [--repeat N] [--verbose]``

Prints human-readable lines, then one final JSON line:
``{"tracks", "candidates", "top1_accuracy", "wrong_version_picks", "candidates_per_s"}``.
Throughput is measured with the engine's memo caches cleared before every pass, so each
pass pays the full normalisation cost of every candidate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "data"))

from matching_set import VERSION_KINDS, CandidateSpec, Case, build_cases

from tonearm.matching import (
    Candidate,
    MatchConfig,
    QualityProfile,
    WantedTrack,
    clear_caches,
    rank,
)


def to_wanted(case: Case) -> WantedTrack:
    """Build the engine's wanted track from a case."""
    w = case.wanted
    return WantedTrack(
        title=w.title,
        artists=w.artists,
        album=w.album,
        duration_ms=w.duration_ms,
        track_number=w.track_number,
        disc_number=w.disc_number,
        year=w.year,
    )


def to_candidate(spec: CandidateSpec) -> Candidate:
    """Build the engine's candidate from a labelled file."""
    return Candidate(
        username=spec.username,
        filename=spec.filename,
        size=spec.size,
        bitrate=spec.bitrate,
        bit_depth=spec.bit_depth,
        sample_rate=spec.sample_rate,
        length_s=spec.length_s,
        is_variable_bit_rate=spec.is_variable_bit_rate,
        is_locked=spec.is_locked,
        has_free_upload_slot=spec.has_free_upload_slot,
        queue_length=spec.queue_length,
        upload_speed=spec.upload_speed,
    )


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the set")
    parser.add_argument("--verbose", action="store_true", help="explain every miss")
    args = parser.parse_args()

    cases = build_cases()
    config, profile = MatchConfig(), QualityProfile()
    inputs = [(to_wanted(c), [to_candidate(s) for s in c.candidates]) for c in cases]
    candidate_count = sum(len(candidates) for _, candidates in inputs)

    hits = wrong_version = no_pick = correct_rejected = 0
    for case, (wanted, candidates) in zip(cases, inputs, strict=True):
        results = rank(wanted, candidates, config, profile)
        correct_rejected += sum(
            1 for r in results if r.position in case.correct and r.verdict == "reject"
        )
        best = results[0]
        picked = best.position if best.verdict != "reject" else None
        if picked is not None and picked in case.correct:
            hits += 1
            continue
        if picked is None:
            no_pick += 1
        elif case.candidates[picked].kind in VERSION_KINDS:
            wrong_version += 1
        print(
            f"MISS {wanted.artists[0]} - {wanted.title}: picked "
            f"{case.candidates[picked].kind if picked is not None else 'nothing'} "
            f"{best.candidate.filename} ({best.total:.3f} {best.verdict})"
        )
        if args.verbose:
            for result in results[:4]:
                kind = case.candidates[result.position].kind
                print(
                    f"   {kind:14} {result.total:.3f} {result.verdict:6} "
                    f"{result.rejection.code if result.rejection else ''} "
                    f"{result.candidate.filename}"
                )
                for comp in result.components:
                    print(f"        {comp.name:12} {comp.value:.2f} {comp.detail}")

    timings = []
    for _ in range(args.repeat):
        clear_caches()
        started = time.perf_counter()
        for wanted, candidates in inputs:
            rank(wanted, candidates, config, profile)
        timings.append(time.perf_counter() - started)
    per_second = candidate_count / min(timings)
    started = time.perf_counter()
    for wanted, candidates in inputs:
        rank(wanted, candidates, config, profile)
    warm_per_second = candidate_count / (time.perf_counter() - started)

    accuracy = hits / len(cases)
    print(f"tracks {len(cases)}, candidates {candidate_count}")
    print(
        f"top-1 accuracy {accuracy:.4f} ({hits}/{len(cases)}), wrong-version picks "
        f"{wrong_version}, no acceptable pick {no_pick}"
    )
    correct_total = sum(len(case.correct) for case in cases)
    print(f"acceptable correct files rejected {correct_rejected}/{correct_total}")
    print(
        f"throughput {per_second:,.0f} candidates/s (best of {args.repeat} cold-cache passes), "
        f"{warm_per_second:,.0f} candidates/s with warm memo caches"
    )
    print(
        json.dumps(
            {
                "tracks": len(cases),
                "candidates": candidate_count,
                "top1_accuracy": round(accuracy, 4),
                "wrong_version_picks": wrong_version,
                "candidates_per_s": round(per_second),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
