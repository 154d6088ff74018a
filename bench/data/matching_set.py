"""Deterministic labelled set for the matching benchmark.

Wanted tracks come from ``tracks.txt`` (real, well-known songs). For each one this module
builds a realistic Soulseek candidate list: the right recording in several path styles and
formats, plus decoys (live, remix, cover, karaoke, instrumental, sped-up, slowed, nightcore,
acoustic, demo, wrong artist with the same title, same artist with another song, low-bitrate
MP3s, locked files, other edits with other lengths, non-audio files). Labels list every
candidate that is an acceptable pick (the right recording in an acceptable quality).

Run ``python bench/data/matching_set.py > matching_set.json`` to inspect the set.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

TRACKS_FILE = Path(__file__).with_name("tracks.txt")
SEED = 20260601

#: Kinds of candidates that are the wanted recording (acceptable unless locked/low quality).
CORRECT_KINDS = frozenset({"correct"})
#: Kinds that are another version of the song: picking one is a "wrong version pick".
VERSION_KINDS = frozenset(
    {
        "live",
        "remix",
        "cover",
        "karaoke",
        "instrumental",
        "sped_up",
        "slowed",
        "nightcore",
        "acoustic",
        "demo",
        "missing_version",
        "extended",
    }
)

VENUES = (
    "Wembley Stadium",
    "Glastonbury 1997",
    "Madison Square Garden",
    "the BBC",
    "Red Rocks",
    "Reading Festival",
    "Royal Albert Hall",
    "Budokan",
)
REMIXERS = (
    "Skrillex",
    "Armand van Helden",
    "Four Tet",
    "Tiësto",
    "Calvin Harris",
    "Kaytranada",
    "Purple Disco Machine",
    "Paul Oakenfold",
)
USERS = (
    "vinylhoarder",
    "flacfan99",
    "musiclover",
    "dj_kasper",
    "lossless4ever",
    "xXrockerXx",
    "björn_shares",
    "audiophile_nl",
    "crate_digger",
    "retro_rips",
    "soundwave",
    "k-pop_fan",
    "jazzcat",
    "bassline",
    "mp3_king",
    "slsk_user_42",
    "nightowl",
    "gentle_giant",
)


@dataclass
class WantedSpec:
    """A wanted track as the metadata provider gives it."""

    title: str
    artists: list[str]
    album: str
    year: int
    track_number: int
    disc_number: int
    duration_ms: int


@dataclass
class CandidateSpec:
    """One Soulseek file with the kind of file it really is."""

    kind: str
    username: str
    filename: str
    size: int
    bitrate: int | None = None
    bit_depth: int | None = None
    sample_rate: int | None = None
    length_s: int | None = None
    is_variable_bit_rate: bool | None = None
    is_locked: bool = False
    has_free_upload_slot: bool = True
    queue_length: int = 0
    upload_speed: int = 0


@dataclass
class Case:
    """A wanted track, its candidates and the indices of acceptable picks."""

    wanted: WantedSpec
    candidates: list[CandidateSpec] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)


def load_tracks() -> list[WantedSpec]:
    """Read the wanted tracks table."""
    tracks = []
    for line in TRACKS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        artists, title, album, year, track, disc, duration = line.split("|")
        minutes, seconds = duration.split(":")
        tracks.append(
            WantedSpec(
                title,
                artists.split(";"),
                album,
                int(year),
                int(track),
                int(disc),
                (int(minutes) * 60 + int(seconds)) * 1000,
            )
        )
    return tracks


def build_cases() -> list[Case]:
    """Build every case; the same seed always gives the same set."""
    tracks = load_tracks()
    rng = random.Random(SEED)
    return [_build_case(track, tracks, rng) for track in tracks]


def _plain_title(title: str) -> str:
    """The title as many files name it: no feat. credit, dashed version as brackets."""
    for marker in (" (feat.", " (with "):
        if marker in title:
            title = title[: title.index(marker)]
    if " - " in title:
        head, tail = title.split(" - ", 1)
        title = f"{head} ({tail})"
    return title


def _safe(text: str) -> str:
    return text.replace("/", "-").replace("\\", "-").replace(":", " -").replace("?", "")


def _peer(rng: random.Random, spec: CandidateSpec) -> CandidateSpec:
    spec.username = rng.choice(USERS) + ("" if rng.random() < 0.6 else str(rng.randint(1, 99)))
    spec.has_free_upload_slot = rng.random() < 0.75
    spec.queue_length = 0 if spec.has_free_upload_slot else rng.randint(1, 60)
    spec.upload_speed = rng.randint(40_000, 6_000_000)
    return spec


def _audio(
    rng: random.Random,
    kind: str,
    path: str,
    length: float,
    fmt: str,
    locked: bool = False,
    known_length: float = 0.8,
) -> CandidateSpec:
    length_s = round(length + rng.uniform(-1.2, 1.2))
    if fmt == "flac":
        spec = CandidateSpec(
            kind,
            "",
            path,
            int(length * rng.uniform(95_000, 125_000)),
            bit_depth=16,
            sample_rate=44_100,
        )
    else:
        bitrate = {
            "mp3_320": 320,
            "mp3_v0": 245,
            "mp3_256": 256,
            "mp3_192": 192,
            "mp3_128": 128,
            "m4a_256": 256,
        }[fmt]
        spec = CandidateSpec(kind, "", path, int(length * bitrate * 125 + rng.randint(2e4, 1e5)))
        if rng.random() < 0.75:
            spec.bitrate = bitrate
            spec.is_variable_bit_rate = fmt == "mp3_v0"
    if rng.random() < known_length:
        spec.length_s = length_s
    spec.is_locked = locked
    return _peer(rng, spec)


def _correct_paths(w: WantedSpec, rng: random.Random) -> list[tuple[str, str]]:
    artist, album = _safe(w.artists[0]), _safe(w.album)
    title = _safe(rng.choice([w.title, _plain_title(w.title)]))
    plain = _safe(_plain_title(w.title))
    n, d, y = w.track_number, w.disc_number, w.year
    disc_dir = f"\\CD{d}" if d > 1 else ""
    styles = [
        ("flac", f"Music\\{artist}\\{album} ({y}){disc_dir}\\{n:02} - {title}.flac"),
        ("flac", f"Music\\{artist}\\{y} - {album}{disc_dir}\\{n:02}. {plain}.flac"),
        ("flac", f"{artist} - {album} [{y}] [FLAC 16-44]{disc_dir}\\{artist} - {title}.flac"),
        ("mp3_320", f"Shared\\{artist}\\{album}\\{n:02} {artist} - {plain}.mp3"),
        ("mp3_320", f"Downloads\\{artist} - {album} - {n:02} - {title}.mp3"),
        ("mp3_v0", f"mp3\\{artist}\\{album} (Disc {d})\\{d}-{n:02} {plain}.mp3"),
        (
            "mp3_320",
            f"Music\\Various Artists\\Now That's What I Call Music! {rng.randint(20, 99)}"
            f" (CD1)\\{rng.randint(1, 20):02} - {artist} - {title}.mp3",
        ),
        ("flac", f"{artist}\\{album}\\{n:02}_{plain.lower().replace(' ', '_')}.flac"),
        ("mp3_320", f"Music\\{artist} - {title}.mp3"),
        ("m4a_256", f"iTunes\\{artist}\\{album}\\{n:02} {plain}.m4a"),
        (
            "flac",
            f"Music\\{artist}\\{album} ({y}) [24-96 WEB]{disc_dir}\\{n:02} - {plain}"
            f" (Remastered {y + 20}).flac",
        ),
    ]
    return rng.sample(styles, rng.randint(2, 4))


def _decoys(w: WantedSpec, tracks: list[WantedSpec], rng: random.Random) -> list[CandidateSpec]:
    artist, album, plain = _safe(w.artists[0]), _safe(w.album), _safe(_plain_title(w.title))
    length = w.duration_ms / 1000
    n, y = w.track_number, w.year
    other = rng.choice([t for t in tracks if t.artists[0] != w.artists[0]])
    oa = _safe(other.artists[0])
    same_artist = [t for t in tracks if t.artists[0] == w.artists[0] and t.title != w.title]
    sibling = rng.choice(same_artist) if same_artist else rng.choice(tracks)
    wanted_text = f"{w.title} {w.album} {' '.join(w.artists)}".lower()
    makers = {
        "live": lambda: (
            f"Music\\{artist}\\{artist} - Live at {rng.choice(VENUES)} ({y + 3})"
            f"\\{rng.randint(1, 15):02} - {plain}.flac",
            length + rng.uniform(15, 60),
            "flac",
        ),
        "live2": lambda: (
            f"Downloads\\{artist} - {plain} (Live).mp3",
            length + rng.uniform(-5, 40),
            "mp3_320",
        ),
        "remix": lambda: (
            f"Electronic\\{artist} - {plain} ({rng.choice(REMIXERS)} Remix).mp3",
            length + rng.uniform(40, 160),
            "mp3_320",
        ),
        "cover": lambda: (
            f"Music\\{oa}\\Covers\\{plain} ({artist} Cover).mp3",
            length + rng.uniform(-20, 20),
            "mp3_320",
        ),
        "karaoke": lambda: (
            f"Karaoke\\Sing King Karaoke\\{plain} (In the Style of {artist}) [Karaoke Version].mp3",
            length + rng.uniform(-3, 3),
            "mp3_320",
        ),
        "instrumental": lambda: (
            f"Music\\{artist}\\{album} (Instrumentals)\\{n:02} - {plain} (Instrumental).flac",
            length + rng.uniform(-2, 2),
            "flac",
        ),
        "sped_up": lambda: (f"TikTok\\{artist} - {plain} (Sped Up).mp3", length * 0.8, "mp3_320"),
        "slowed": lambda: (
            f"TikTok\\{plain} (slowed + reverb) - {artist}.mp3",
            length * 1.25,
            "mp3_320",
        ),
        "nightcore": lambda: (f"Nightcore\\Nightcore - {plain}.mp3", length * 0.78, "mp3_320"),
        "acoustic": lambda: (
            f"Music\\{artist}\\Acoustic Sessions\\{plain} (Acoustic).flac",
            length + rng.uniform(-15, 10),
            "flac",
        ),
        "demo": lambda: (
            f"Music\\{artist}\\{album} (Deluxe Edition) ({y})\\CD2\\{n:02} - {plain} (Demo).flac",
            length + rng.uniform(-20, 20),
            "flac",
        ),
        "extended": lambda: (
            f"Music\\{artist}\\12 Inch Singles\\{plain} (Extended Version).mp3",
            length + rng.uniform(70, 200),
            "mp3_320",
        ),
        "wrong_artist": lambda: (
            f"Music\\{oa}\\{_safe(other.album)} ({other.year})\\"
            f"{rng.randint(1, 12):02} - {plain}.flac",
            length + rng.uniform(-25, 25),
            "flac",
        ),
        "other_song": lambda: (
            f"Music\\{artist}\\{_safe(sibling.album)} ({sibling.year})\\"
            f"{sibling.track_number:02} - {_safe(_plain_title(sibling.title))}"
            ".flac",
            sibling.duration_ms / 1000,
            "flac",
        ),
        "other_song2": lambda: (
            f"Music\\{artist}\\{album} ({y})\\{(n % 12) + 1:02} - "
            f"{_safe(_plain_title(other.title))}.flac",
            other.duration_ms / 1000,
            "flac",
        ),
        "low_bitrate": lambda: (
            f"old mp3s\\{artist} - {plain}.mp3",
            length,
            rng.choice(["mp3_128", "mp3_192"]),
        ),
    }
    if "live" in wanted_text or "unplugged" in wanted_text:
        makers.pop("live")
        makers.pop("live2")
    kinds = rng.sample(sorted(makers), rng.randint(6, min(14, len(makers))))
    decoys = []
    for kind in kinds:
        path, decoy_length, fmt = makers[kind]()
        label = kind.rstrip("2")
        decoys.append(
            _audio(
                rng,
                label,
                f"@@{rng.randint(10000, 99999)}\\{path}",
                decoy_length,
                fmt,
                known_length=0.9,
            )
        )
    decoys.append(
        _audio(
            rng,
            "locked",
            f"@@locked\\Music\\{artist}\\{album}\\{n:02} - {plain}.flac",
            length,
            "flac",
            locked=True,
        )
    )
    if rng.random() < 0.5:
        cover = CandidateSpec(
            "not_audio",
            "",
            f"@@x\\Music\\{artist}\\{album}\\cover.jpg",
            rng.randint(50_000, 900_000),
        )
        decoys.append(_peer(rng, cover))
    decoys.extend(_missing_version(w, rng, artist, plain, length))
    return decoys


def _missing_version(
    w: WantedSpec, rng: random.Random, artist: str, plain: str, length: float
) -> list[CandidateSpec]:
    """For wanted remixes, offer the original mix (the wrong version)."""
    if "Remix" not in w.title:
        return []
    original = plain.split(" (")[0]
    path = f"@@orig\\Music\\{artist}\\{artist} - {original}.flac"
    return [_audio(rng, "missing_version", path, length + rng.uniform(-40, 40), "flac")]


def _build_case(w: WantedSpec, tracks: list[WantedSpec], rng: random.Random) -> Case:
    case = Case(w)
    length = w.duration_ms / 1000
    for fmt, path in _correct_paths(w, rng):
        share = f"@@{rng.randint(10000, 99999)}"
        case.candidates.append(_audio(rng, "correct", f"{share}\\{path}", length, fmt))
    case.candidates.extend(_decoys(w, tracks, rng))
    rng.shuffle(case.candidates)
    case.correct = [i for i, c in enumerate(case.candidates) if c.kind in CORRECT_KINDS]
    return case


def as_json(cases: list[Case]) -> list[dict[str, Any]]:
    """The set as plain JSON data."""
    return [asdict(case) for case in cases]


if __name__ == "__main__":
    json.dump(as_json(build_cases()), sys.stdout, ensure_ascii=False, indent=1)
