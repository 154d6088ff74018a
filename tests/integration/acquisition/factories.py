"""A Soulseek network full of decoys around a few wanted songs, and tracks that want them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tonearm.db.models import Track


@dataclass(frozen=True)
class Song:
    """A wanted song and where its one right file lives."""

    artist: str
    title: str
    album: str
    year: int
    number: int
    length_s: int
    spotify_id: str
    album_id: str

    def folder(self, share: str) -> str:
        return f"@@{share}\\Music\\{self.artist}\\{self.album} ({self.year})"

    def right_file(self, share: str) -> str:
        return f"{self.folder(share)}\\{self.number:02d} - {self.title}.flac"


SONGS = (
    Song("Radiohead", "Karma Police", "OK Computer", 1997, 6, 6, "sp1", "alb1"),
    Song("Daft Punk", "Digital Love", "Discovery", 2001, 3, 5, "sp2", "alb2"),
    Song("Portishead", "Roads", "Dummy", 1994, 4, 7, "sp3", "alb3"),
    Song("Massive Attack", "Teardrop", "Mezzanine", 1998, 3, 6, "sp4", "alb4"),
)


def _flac(filename: str, length: int, size: int = 90_000, **extra: Any) -> dict[str, Any]:
    return {"filename": filename, "size": size, "length": length, "bitDepth": 16, **extra}


def _peer(behaviour: str, files: list[dict[str, Any]], speed: int, **extra: Any) -> dict[str, Any]:
    return {
        "uploadSpeed": speed,
        "hasFreeUploadSlot": True,
        "queueLength": 0,
        "behaviour": behaviour,
        "speed_bytes_per_s": 2_000_000,
        "files": files,
        **extra,
    }


def decoy_network(songs: tuple[Song, ...] = SONGS, search_delay_ms: int = 60) -> dict[str, Any]:
    """Each song: one honest peer with the right FLAC, plus live, remix, cover, wrong-artist,
    low-bitrate and locked decoys, and trap peers offering the right file that truncate,
    reject or stall (the traps have the best peer signals, so they are tried first)."""
    honest: list[dict[str, Any]] = []
    decoys: list[dict[str, Any]] = []
    locked: list[dict[str, Any]] = []
    traps: dict[str, list[dict[str, Any]]] = {"truncator": [], "rejecter": [], "staller": []}
    trap_names = list(traps)
    for index, song in enumerate(songs):
        honest.append(_flac(song.right_file("honest"), song.length_s))
        folder = song.folder("decoy")
        title, artist = song.title, song.artist
        decoys += [
            _flac(
                f"{folder}\\{song.number:02d} - {title} (Live at Glastonbury).flac", song.length_s
            ),
            _flac(f"{folder}\\{song.number:02d} - {title} (Extended Remix).flac", song.length_s),
            _flac(f"@@decoy\\Covers\\{artist} Tribute\\{title} (cover).flac", song.length_s),
            _flac(f"@@decoy\\Music\\Other Band\\{song.album}\\{title}.flac", song.length_s),
            {
                "filename": f"@@decoy\\mp3\\{artist} - {title}.mp3",
                "size": 90_000,
                "length": song.length_s,
                "bitRate": 96,
            },
        ]
        locked.append(_flac(song.right_file("locked"), song.length_s, isLocked=True))
        trap = trap_names[index % len(trap_names)]
        traps[trap].append(_flac(song.right_file(trap), song.length_s))
    users = {
        "honest": _peer("normal", honest, speed=1_000_000),
        "decoys": _peer("normal", decoys, speed=50_000_000),
        "lockbox": _peer("normal", locked, speed=50_000_000),
    }
    for trap, files in traps.items():
        behaviour = {"truncator": "truncate", "rejecter": "reject", "staller": "stall"}[trap]
        users[trap] = _peer(behaviour, files, speed=50_000_000)
    return {"search_delay_ms": search_delay_ms, "users": users}


def write_network(path: Path, network: dict[str, Any]) -> Path:
    """Write the emulator's network file."""
    path.write_text(json.dumps(network), encoding="utf-8")
    return path


def create_track(song: Song, cover_base: str | None = None) -> Track:
    """A wanted track for ``song`` as a Spotify import would describe it."""
    return Track(
        title=song.title,
        artists=[song.artist],
        album=song.album,
        album_artist=song.artist,
        duration_ms=song.length_s * 1000,
        isrc=f"GBAAA{song.year % 100:02d}{song.number:05d}",
        spotify_id=song.spotify_id,
        spotify_album_id=song.album_id,
        spotify_artist_ids=[f"art-{song.spotify_id}"],
        track_number=song.number,
        disc_number=1,
        release_year=song.year,
        explicit=False,
        genre="Trip Hop",
        cover_url=f"{cover_base}/images/{song.album_id}.jpg" if cover_base else None,
        match_key=f"{song.artist.lower()}|{song.title.lower()}",
        source="test",
        state="wanted",
        attempts=0,
        details={},
    )
