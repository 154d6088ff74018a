"""The end-to-end world: real ``tonearm serve`` / ``tonearm worker`` processes against the
slskd, Spotify and lyrics emulators served on loopback ports, and what tests check in it.

Wanted tracks enter the way a person enters them: through the HTTP API (an import of pasted
Spotify links and ``Artist - Title | Album`` lines, or ``POST /api/v1/tracks``).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
from sqlalchemy import select

from tests.integration.acquisition.factories import Song, decoy_network
from tests.support.servers import LiveServer
from tonearm.db import Database
from tonearm.db.models import Track
from tonearm.domain.postprocess import read_tags
from tonearm.emulators.lyrics import create_lyrics_emulator, generated_lyrics
from tonearm.emulators.slskd import create_slskd_emulator
from tonearm.emulators.spotify import create_spotify_emulator

API_KEY = "e2e-api-key-0123456789abcdef"
SLSKD_KEY = "e2e-slskd-key"
SPOTIFY_CLIENT = ("tonearm-e2e", "tonearm-e2e-secret")
TONEARM = Path(sys.executable).with_name("tonearm")
AUDIO_SUFFIXES = (".flac", ".mp3", ".m4a", ".ogg", ".opus")

# How a song is asked for: a pasted Spotify link, a pasted text line, or POST /api/v1/tracks.
EntryMode = Literal["link", "line", "api"]


def _sid(prefix: str, number: int) -> str:
    """A Spotify-shaped id (22 base-62 characters)."""
    return f"{prefix}{number:0{22 - len(prefix)}d}"


SONGS: tuple[Song, ...] = (
    Song("Radiohead", "Karma Police", "OK Computer", 1997, 6, 6, _sid("TrkA", 1), _sid("AlbA", 1)),
    Song("Daft Punk", "Digital Love", "Discovery", 2001, 3, 5, _sid("TrkA", 2), _sid("AlbA", 2)),
    Song("Portishead", "Roads", "Dummy", 1994, 4, 7, _sid("TrkA", 3), _sid("AlbA", 3)),
    Song("Massive Attack", "Teardrop", "Mezzanine", 1998, 3, 6, _sid("TrkA", 4), _sid("AlbA", 4)),
    Song("Bjork", "Joga", "Homogenic", 1997, 3, 5, _sid("TrkA", 5), _sid("AlbA", 5)),
    Song("Air", "Sexy Boy", "Moon Safari", 1998, 2, 7, _sid("TrkA", 6), _sid("AlbA", 6)),
    Song("Moby", "Porcelain", "Play", 1999, 4, 6, _sid("TrkA", 7), _sid("AlbA", 7)),
    Song("Morcheeba", "The Sea", "Big Calm", 1998, 1, 5, _sid("TrkA", 8), _sid("AlbA", 8)),
)


def isrc_of(s: Song) -> str:
    """The ISRC the Spotify emulator (and the API entries) give ``s``: unique per song."""
    return f"GBAAA{s.year % 100:02d}{int(s.spotify_id[-5:]):05d}"


def spotify_data(songs: tuple[Song, ...]) -> dict[str, Any]:
    """A Spotify emulator data file holding ``songs`` (one album and artist each)."""
    return {
        "clients": [{"client_id": SPOTIFY_CLIENT[0], "client_secret": SPOTIFY_CLIENT[1]}],
        "users": [],
        "artists": [{"id": _sid("Art", i), "name": s.artist} for i, s in enumerate(songs)],
        "albums": [
            {
                "id": s.album_id,
                "name": s.album,
                "release_date": f"{s.year}-01-01",
                "artist_ids": [_sid("Art", i)],
                "image_size": 300,
            }
            for i, s in enumerate(songs)
        ],
        "tracks": [
            {
                "id": s.spotify_id,
                "name": s.title,
                "album_id": s.album_id,
                "artist_ids": [_sid("Art", i)],
                "duration_ms": s.length_s * 1000,
                "track_number": s.number,
                "isrc": isrc_of(s),
            }
            for i, s in enumerate(songs)
        ],
        "playlists": [],
    }


def import_text(entries: Sequence[tuple[Song, EntryMode]]) -> str:
    """What a person pastes into the import box: links and ``Artist - Title | Album`` lines."""
    lines = ["# wanted"]
    for s, mode in entries:
        if mode == "link":
            lines.append(f"https://open.spotify.com/track/{s.spotify_id}")
        elif mode == "line":
            lines.append(f"{s.artist} - {s.title} | {s.album}")
    return "\n".join(lines) + "\n"


def api_track(s: Song) -> dict[str, Any]:
    """The body of ``POST /api/v1/tracks`` for ``s``."""
    return {
        "artist": s.artist,
        "title": s.title,
        "album": s.album,
        "duration_ms": s.length_s * 1000,
        "isrc": isrc_of(s),
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TonearmProcess:
    """A ``tonearm`` command as a child process that can be killed and restarted."""

    def __init__(
        self, name: str, args: list[str], env: dict[str, str], log: Path, port: int | None = None
    ) -> None:
        self.name, self.args, self.env, self.log, self.port = name, args, env, log, port
        self.proc: subprocess.Popen[bytes] | None = None
        self.killed_pids: list[int] = []

    @classmethod
    def serve(cls, env: dict[str, str], log: Path, *, worker: bool = True) -> TonearmProcess:
        port = free_port()
        args = ["serve", "--host", "127.0.0.1", "--port", str(port)]
        return cls("serve", args + ([] if worker else ["--no-worker"]), env, log, port)

    @classmethod
    def worker(cls, name: str, env: dict[str, str], log: Path) -> TonearmProcess:
        return cls(name, ["worker", "--concurrency", "4"], env, log)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, *, wait: bool = True) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [str(TONEARM), *self.args], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        if wait and self.port is not None:
            self.wait_ready(90)

    def wait_ready(self, timeout_s: float) -> None:
        """Poll the liveness route until it answers (or the process dies)."""
        deadline = time.monotonic() + timeout_s
        url = f"http://127.0.0.1:{self.port}/api/health/live"
        while True:
            assert self.alive, self.log.read_text(errors="replace")[-3000:]
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"{self.name} did not start"
            time.sleep(0.05)  # polling a condition with a deadline

    def up(self) -> bool:
        """Started and serving: the API answers, or the worker announced itself."""
        if not self.alive:
            return False
        if self.port is not None:
            try:
                url = f"http://127.0.0.1:{self.port}/api/health/live"
                return httpx.get(url, timeout=1).status_code == 200
            except httpx.HTTPError:
                return False
        marker = f":{self.pid}:"
        with self.log.open(errors="replace") as lines:
            return any("orchestrator.worker_started" in line and marker in line for line in lines)

    def kill(self) -> int:
        """SIGKILL; returns the pid that died."""
        assert self.proc is not None
        pid = self.proc.pid
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.killed_pids.append(pid)
        return pid

    def stop(self) -> None:
        if self.alive:
            assert self.proc is not None
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@dataclass
class World:
    """Everything a test needs to drive and inspect one run."""

    env: dict[str, str]
    root: Path
    songs: tuple[Song, ...]
    db_url: str
    library: Path
    staging: Path
    slskd_downloads: Path
    spotify: str
    processes: list[TonearmProcess] = field(default_factory=list)

    def serve(self, *, worker: bool = True) -> TonearmProcess:
        process = TonearmProcess.serve(self.env, self.root / "serve.log", worker=worker)
        self.processes.append(process)
        return process

    def worker(self, name: str) -> TonearmProcess:
        process = TonearmProcess.worker(name, self.env, self.root / f"{name}.log")
        self.processes.append(process)
        return process


@contextmanager
def emulated_world(
    root: Path,
    songs: tuple[Song, ...],
    *,
    honest_speed: int = 60_000,
    lyrics_delay_s: float = 0.8,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[World]:
    """The emulators on loopback ports and the environment of every Tonearm process;
    on exit every process still running is stopped."""
    network = decoy_network(songs)
    network["users"]["honest"]["speed_bytes_per_s"] = honest_speed
    network_file = root / "network.json"
    network_file.write_text(json.dumps(network), encoding="utf-8")
    spotify_file = root / "spotify.json"
    spotify_file.write_text(json.dumps(spotify_data(songs)), encoding="utf-8")
    slskd_downloads = root / "slskd-downloads"
    data = root / "data"
    with ExitStack() as stack:
        slskd = stack.enter_context(
            LiveServer(create_slskd_emulator(network_file, slskd_downloads, SLSKD_KEY))
        )
        spotify = stack.enter_context(LiveServer(create_spotify_emulator(spotify_file)))
        lyrics = stack.enter_context(LiveServer(create_lyrics_emulator(delay_s=lyrics_delay_s)))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TONEARM_")},
            "TONEARM_DATA_DIR": str(data),
            "TONEARM_API_KEY": API_KEY,
            "TONEARM_LOG_FORMAT": "json",
            "TONEARM_SLSKD_URL": slskd.url,
            "TONEARM_SLSKD_API_KEY": SLSKD_KEY,
            "TONEARM_SLSKD_DOWNLOADS_DIR": str(slskd_downloads),
            "TONEARM_DOWNLOADS_DIR": str(root / "staging"),
            "TONEARM_LIBRARY_DIR": str(root / "library"),
            "TONEARM_SPOTIFY_CLIENT_ID": SPOTIFY_CLIENT[0],
            "TONEARM_SPOTIFY_CLIENT_SECRET": SPOTIFY_CLIENT[1],
            "TONEARM_SPOTIFY_API_URL": f"{spotify.url}/v1",
            "TONEARM_SPOTIFY_ACCOUNTS_URL": spotify.url,
            "TONEARM_LYRICS_ENABLED": "true",
            "TONEARM_LYRICS_URL": lyrics.url,
            "TONEARM_SLSKD_SEARCH_MIN_GAP_S": "0.1",
            "TONEARM_SLSKD_SEARCH_TIMEOUT_MS": "1000",
            "TONEARM_DOWNLOAD_POLL_INTERVAL_S": "0.2",
            "TONEARM_DOWNLOAD_STALL_TIMEOUT_S": "2",
            "TONEARM_ACQUISITION_RESEARCH_DELAY_S": "1",
            **(extra_env or {}),
        }
        if database_url is not None:
            env["TONEARM_DATABASE_URL"] = database_url
        world = World(
            env=env,
            root=root,
            songs=songs,
            db_url=database_url or f"sqlite+aiosqlite:///{(data / 'tonearm.db').resolve()}",
            library=root / "library",
            staging=root / "staging",
            slskd_downloads=slskd_downloads,
            spotify=spotify.url,
        )
        try:
            yield world
        finally:
            for process in world.processes:
                process.stop()


def api(base: str) -> httpx.AsyncClient:
    """An API client with the key."""
    return httpx.AsyncClient(base_url=base, headers={"X-API-Key": API_KEY}, timeout=10)


async def enter_tracks(base: str, entries: list[tuple[Song, EntryMode]]) -> int | None:
    """Enter the wanted songs through the API; the import's id (None without import lines)."""
    async with api(base) as http:
        for s, mode in entries:
            if mode == "api":
                response = await http.post("/api/v1/tracks", json=api_track(s))
                assert response.status_code == 201, response.text
        pasted = [(s, m) for s, m in entries if m != "api"]
        if not pasted:
            return None
        response = await http.post("/api/v1/imports", json={"tracks": import_text(pasted)})
        assert response.status_code == 202, response.text
        body = response.json()
        assert (len(body["accepted"]), body["skipped"]) == (len(pasted), []), body
        return int(body["job_id"])


async def wait_all_settled(db: Database, expected: int, timeout_s: float) -> list[Track]:
    """Poll until ``expected`` tracks exist and each is done or failed."""
    deadline = time.monotonic() + timeout_s
    while True:
        async with db.transaction(readonly=True) as session:
            tracks = list((await session.execute(select(Track).order_by(Track.id))).scalars())
        if len(tracks) >= expected and all(t.state in ("done", "failed") for t in tracks):
            return tracks
        assert time.monotonic() < deadline, [(t.title, t.state, t.reason) for t in tracks]
        await asyncio.sleep(0.1)


def song_of(track: Track, songs: tuple[Song, ...]) -> Song:
    """The song a track row stands for."""
    (found,) = [s for s in songs if s.title == track.title and [s.artist] == track.artists]
    return found


def check_library_file(library: Path, track: Track, s: Song, mode: EntryMode) -> None:
    """The track's one file: tags as its entry described it, a cover for Spotify links, and
    the lyrics next to it."""
    path = library / (track.library_path or "")
    assert path.is_file(), path
    tags = read_tags(path)
    assert (tags.title, tags.artists, tags.album, tags.album_artist) == (
        s.title,
        [s.artist],
        s.album,
        s.artist,
    )
    if mode == "link":  # Spotify knows everything about the track, cover included
        assert (tags.track_number, tags.disc_number, tags.year) == (s.number, 1, s.year)
        assert (tags.spotify_track_id, tags.isrc) == (s.spotify_id, isrc_of(s))
        assert tags.has_cover
    else:  # a pasted line or an API entry knows what it said, and nothing more
        assert (tags.track_number, tags.year, tags.spotify_track_id) == (None, None, None)
        assert tags.isrc == (isrc_of(s) if mode == "api" else None)
        assert not tags.has_cover
    lrc = path.with_suffix(".lrc").read_text(encoding="utf-8")
    assert lrc == generated_lyrics(s.artist, s.title)


def audio_files(library: Path) -> list[Path]:
    """Every audio file in the library."""
    return sorted(p for p in library.rglob("*") if p.suffix in AUDIO_SUFFIXES)


def leftover_temporaries(world: World) -> list[Path]:
    """Hidden files in the library and anything in the private staging work folder."""
    hidden = [p for p in world.library.rglob(".*") if p.is_file()]
    work = world.staging / ".tonearm-work"
    staged = [p for p in work.rglob("*") if p.is_file()] if work.exists() else []
    return hidden + staged
