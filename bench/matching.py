"""Matching benchmark: accuracy on the labelled set and single-core throughput.

Usage: ``.venv/bin/python bench/matching.py [--set default|hard|all] [--repeat N] [--verbose]``

Sets: ``default`` (``bench/data/matching_set.py``, built from ``tracks.txt``), ``hard`` (the
hand-written adversarial cases of ``bench/data/matching_hard.py``) or ``all`` (both).
Prints per-set lines, then one final JSON line for the whole run:
``{"tracks", "candidates", "top1_accuracy", "wrong_version_picks", "candidates_per_s",
"hard_top1_accuracy", "engine"}`` (``hard_top1_accuracy`` is null when the hard set is not run;
``engine`` is ``"compiled"`` when the engine runs as modules built by ``make native``, else
``"pure"``).
Throughput is measured with the engine's memo caches cleared before every pass, so each
pass pays the full normalisation cost of every candidate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "data"))

import matching_hard
import matching_set
from matching_set import CandidateSpec, Case

from tonearm.matching import (
    Candidate,
    MatchConfig,
    QualityProfile,
    WantedTrack,
    clear_caches,
    compiled,
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


@dataclass
class SetScore:
    """Accuracy figures of one labelled set."""

    tracks: int = 0
    candidates: int = 0
    hits: int = 0
    wrong_version: int = 0
    no_pick: int = 0
    correct_rejected: int = 0
    correct_total: int = 0

    @property
    def accuracy(self) -> float:
        """Share of tracks whose best candidate is an acceptable pick."""
        return self.hits / self.tracks if self.tracks else 0.0


Inputs = list[tuple[WantedTrack, list[Candidate]]]


def evaluate(
    name: str,
    cases: list[Case],
    inputs: Inputs,
    version_kinds: frozenset[str],
    config: MatchConfig,
    profile: QualityProfile,
    verbose: bool,
) -> SetScore:
    """Rank every case once, print each miss and return the set's figures."""
    result = SetScore(len(cases), sum(len(candidates) for _, candidates in inputs))
    for case, (wanted, candidates) in zip(cases, inputs, strict=True):
        results = rank(wanted, candidates, config, profile)
        result.correct_total += len(case.correct)
        result.correct_rejected += sum(
            1 for r in results if r.position in case.correct and r.verdict == "reject"
        )
        best = results[0]
        picked = best.position if best.verdict != "reject" else None
        if picked is not None and picked in case.correct:
            result.hits += 1
            continue
        if picked is None:
            result.no_pick += 1
        elif case.candidates[picked].kind in version_kinds:
            result.wrong_version += 1
        print(
            f"MISS [{name}] {wanted.artists[0]} - {wanted.title}: picked "
            f"{case.candidates[picked].kind if picked is not None else 'nothing'} "
            f"{best.candidate.filename} ({best.total:.3f} {best.verdict})"
        )
        if verbose:
            for ranked in results[:4]:
                kind = case.candidates[ranked.position].kind
                print(
                    f"   {kind:14} {ranked.total:.3f} {ranked.verdict:6} "
                    f"{ranked.rejection.code if ranked.rejection else ''} "
                    f"{ranked.candidate.filename}"
                )
                for comp in ranked.components:
                    print(f"        {comp.name:12} {comp.value:.2f} {comp.detail}")
    return result


def throughput(
    inputs: Inputs, config: MatchConfig, profile: QualityProfile, repeat: int
) -> tuple[float, float]:
    """Candidates per second: best of ``repeat`` cold-cache passes, then one warm pass."""
    count = sum(len(candidates) for _, candidates in inputs)
    timings = []
    for _ in range(repeat):
        clear_caches()
        started = time.perf_counter()
        for wanted, candidates in inputs:
            rank(wanted, candidates, config, profile)
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    for wanted, candidates in inputs:
        rank(wanted, candidates, config, profile)
    return count / min(timings), count / (time.perf_counter() - started)


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--set", choices=("default", "hard", "all"), default="all", help="labelled set(s)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the set")
    parser.add_argument("--verbose", action="store_true", help="explain every miss")
    args = parser.parse_args()

    sets = {
        "default": (matching_set.build_cases, matching_set.VERSION_KINDS),
        "hard": (matching_hard.build_cases, matching_hard.HARD_VERSION_KINDS),
    }
    names = list(sets) if args.set == "all" else [args.set]
    config, profile = MatchConfig(), QualityProfile()
    scores: dict[str, SetScore] = {}
    all_inputs: Inputs = []
    for name in names:
        build, version_kinds = sets[name]
        cases = build()
        inputs = [(to_wanted(c), [to_candidate(s) for s in c.candidates]) for c in cases]
        all_inputs.extend(inputs)
        scores[name] = evaluate(name, cases, inputs, version_kinds, config, profile, args.verbose)
        if len(names) > 1:
            cold, _ = throughput(inputs, config, profile, args.repeat)
            print(f"[{name}] throughput {cold:,.0f} candidates/s (cold caches)")

    for name, score in scores.items():
        print(
            f"[{name}] tracks {score.tracks}, candidates {score.candidates}: top-1 accuracy "
            f"{score.accuracy:.4f} ({score.hits}/{score.tracks}), wrong-version picks "
            f"{score.wrong_version}, no acceptable pick {score.no_pick}, acceptable correct "
            f"files rejected {score.correct_rejected}/{score.correct_total}"
        )
    tracks = sum(score.tracks for score in scores.values())
    hits = sum(score.hits for score in scores.values())
    wrong_version = sum(score.wrong_version for score in scores.values())
    candidate_count = sum(score.candidates for score in scores.values())
    per_second, warm_per_second = throughput(all_inputs, config, profile, args.repeat)
    engine = "compiled" if compiled() else "pure"
    print(
        f"[{args.set}] top-1 accuracy {hits / tracks:.4f} ({hits}/{tracks}); throughput "
        f"{per_second:,.0f} candidates/s (best of {args.repeat} cold-cache passes), "
        f"{warm_per_second:,.0f} candidates/s with warm memo caches; engine {engine}"
    )
    hard = scores.get("hard")
    print(
        json.dumps(
            {
                "tracks": tracks,
                "candidates": candidate_count,
                "top1_accuracy": round(hits / tracks, 4),
                "wrong_version_picks": wrong_version,
                "candidates_per_s": round(per_second),
                "hard_top1_accuracy": round(hard.accuracy, 4) if hard else None,
                "engine": engine,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
