"""Deterministic, deliberately adversarial labelled set for the matching benchmark.

Independent of ``tracks.txt``: every wanted track here is a real, well-known song that the
default set does not use. Each candidate list is written by hand to exercise one or more
traps seen on Soulseek:

* the same song credited to another artist (covers, the original of a wanted cover);
* "Live" only in the folder name ("Live at Reading 1992"), live albums without the word;
* remasters, anniversary and deluxe editions, stereo/mono mixes that *are* acceptable;
* "feat." before or after the title, ``ft``/``featuring``/``&``, "&" against "and";
* non-ASCII against ASCII spellings, disc folders and ``2-05`` style numbering;
* files without audio attributes (bitrate estimated from the size and wanted length);
* lengths off by 1-3 s (acceptable) against edits 30 s or more away;
* radio/single edits when the album version is wanted, extended mixes;
* instrumentals inside "(Instrumentals)" folders, karaoke packs, sped-up/slowed TikTok
  versions, flat "Artist - Title" folders;
* lists where the only correct file is an MP3 320 because every FLAC is a decoy.

Labels list every acceptable pick: the wanted recording, unlocked, in an acceptable
quality. The tracks and files live in ``tracks_hard.txt``; run
``python bench/data/matching_hard.py > matching_hard.json`` to inspect the built set.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from matching_set import USERS, VERSION_KINDS, CandidateSpec, Case, WantedSpec, load_tracks

TRACKS_FILE = Path(__file__).with_name("tracks_hard.txt")
SEED = 20260715

#: Kinds that are another recording of the wanted song: picking one is a wrong version.
HARD_VERSION_KINDS = VERSION_KINDS | frozenset({"edit", "acapella"})
#: Kinds that are the wanted recording (acceptable when unlocked and of acceptable quality).
ACCEPTABLE_KINDS = frozenset({"correct"})
#: Every kind a file line may use.
KINDS = HARD_VERSION_KINDS | ACCEPTABLE_KINDS | {"other_song", "low_bitrate", "locked"}
#: Nominal bitrate (kbps) of each lossy format; FLAC sizes vary with the music.
BITRATES = {"mp3_320": 320, "mp3_v0": 245, "mp3_256": 256, "mp3_192": 192, "mp3_128": 128}
BITRATES["m4a_256"] = 256


def _seconds(length: str) -> int:
    minutes, seconds = length.split(":")
    return int(minutes) * 60 + int(seconds)


def load_hard_tracks() -> list[tuple[WantedSpec, list[tuple[str, str, str, str]]]]:
    """Read ``tracks_hard.txt``: each wanted track with its (kind, format, length, path)."""
    tracks: list[tuple[WantedSpec, list[tuple[str, str, str, str]]]] = []
    for number, line in enumerate(TRACKS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            artists, title, album, year, track, disc, length = line.split("|")
            wanted = WantedSpec(
                title,
                artists.split(";"),
                album,
                int(year),
                int(track),
                int(disc),
                _seconds(length) * 1000,
            )
            tracks.append((wanted, []))
            continue
        kind, fmt, length, path = line.split(maxsplit=3)
        if kind not in KINDS or (fmt != "flac" and fmt not in BITRATES) or not tracks:
            raise ValueError(f"{TRACKS_FILE.name}:{number}: bad file line")
        tracks[-1][1].append((kind, fmt, length, path))
    return tracks


def _file(
    rng: random.Random, kind: str, fmt: str, length: str, path: str, wanted_s: int
) -> CandidateSpec:
    bare = length == "bare"
    reported = None if length in ("?", "bare") else wanted_s + int(length)
    real = reported if reported is not None else wanted_s
    if fmt == "flac":
        size = int(real * rng.uniform(95_000, 125_000))
    else:
        size = int(real * BITRATES[fmt] * 125 + rng.randint(20_000, 100_000))
    spec = CandidateSpec(kind, "", f"@@{rng.randint(10000, 99999)}\\{path}", size)
    if fmt == "flac":
        spec.bit_depth, spec.sample_rate = 16, 44_100
    elif not bare:
        spec.bitrate = BITRATES[fmt]
        spec.is_variable_bit_rate = fmt == "mp3_v0"
    spec.length_s = reported
    spec.is_locked = kind == "locked"
    spec.username = rng.choice(USERS) + ("" if rng.random() < 0.6 else str(rng.randint(1, 99)))
    spec.has_free_upload_slot = rng.random() < 0.75
    spec.queue_length = 0 if spec.has_free_upload_slot else rng.randint(1, 60)
    spec.upload_speed = rng.randint(40_000, 6_000_000)
    return spec


def build_cases() -> list[Case]:
    """Build every hard case; the same seed always gives the same set.

    Raises ``ValueError`` when a wanted track is also in ``tracks.txt`` (the two sets must
    stay independent) or when a case has no acceptable candidate.
    """
    default = {(w.artists[0].casefold(), w.title.casefold()) for w in load_tracks()}
    rng = random.Random(SEED)
    cases = []
    for wanted, files in load_hard_tracks():
        key = (wanted.artists[0].casefold(), wanted.title.casefold())
        if key in default:
            raise ValueError(f"{key} is already in the default set")
        wanted_s = wanted.duration_ms // 1000
        case = Case(wanted, [_file(rng, *spec, wanted_s) for spec in files])
        rng.shuffle(case.candidates)
        case.correct = [
            index for index, c in enumerate(case.candidates) if c.kind in ACCEPTABLE_KINDS
        ]
        if not case.correct:
            raise ValueError(f"{key} has no acceptable candidate")
        cases.append(case)
    return cases


def as_json(cases: list[Case]) -> list[dict[str, Any]]:
    """The set as plain JSON data."""
    return [asdict(case) for case in cases]


if __name__ == "__main__":
    json.dump(as_json(build_cases()), sys.stdout, ensure_ascii=False, indent=1)
