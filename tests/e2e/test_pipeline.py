"""End to end: a real ``tonearm serve`` process, the slskd emulator full of decoys and trap
peers, a cover host and a lyrics provider on loopback ports. Wanted tracks end as tagged files
with a cover and ``.lrc`` in the library — also when the process is killed (SIGKILL) while
downloading and while post-processing."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import select
from starlette.applications import Starlette

from tests.integration.acquisition.factories import SONGS, create_track, decoy_network
from tests.integration.acquisition.harness import cover_app
from tonearm.db import Database
from tonearm.db.models import Download, Track
from tonearm.domain.acquisition.jobs import enqueue_search
from tonearm.domain.postprocess import read_tags
from tonearm.emulators.lyrics import create_lyrics_emulator, generated_lyrics
from tonearm.emulators.slskd import create_slskd_emulator

API_KEY = "e2e-api-key-0123456789abcdef"
SLSKD_KEY = "e2e-slskd-key"
TONEARM = Path(sys.executable).with_name("tonearm")


class Served:
    """An ASGI app served by uvicorn in a thread on a free loopback port."""

    def __init__(self, app: Starlette) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TonearmProcess:
    """``tonearm serve`` as a child process that can be killed and restarted."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [str(TONEARM), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-3000:]
            try:
                response = httpx.get(f"http://127.0.0.1:{self.port}/api/health/live", timeout=1)
                if response.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "tonearm serve did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[dict[str, Any]]:
    songs = SONGS
    network = decoy_network(songs)
    # The honest peer is slow enough that a kill lands during a transfer.
    network["users"]["honest"]["speed_bytes_per_s"] = 60_000
    network_file = tmp_path / "network.json"
    network_file.write_text(json.dumps(network), encoding="utf-8")
    slskd_downloads = tmp_path / "slskd-downloads"
    slskd_app = create_slskd_emulator(network_file, slskd_downloads, SLSKD_KEY)
    lyrics_app = create_lyrics_emulator(delay_s=0.8)
    with Served(slskd_app) as slskd, Served(cover_app()) as covers, Served(lyrics_app) as lyrics:
        port = free_port()
        data = tmp_path / "data"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TONEARM_")},
            "TONEARM_DATA_DIR": str(data),
            "TONEARM_API_KEY": API_KEY,
            "TONEARM_LOG_FORMAT": "json",
            "TONEARM_SLSKD_URL": slskd.url,
            "TONEARM_SLSKD_API_KEY": SLSKD_KEY,
            "TONEARM_SLSKD_DOWNLOADS_DIR": str(slskd_downloads),
            "TONEARM_DOWNLOADS_DIR": str(tmp_path / "staging"),
            "TONEARM_LIBRARY_DIR": str(tmp_path / "library"),
            "TONEARM_SPOTIFY_API_URL": f"{covers.url}/v1",
            "TONEARM_LYRICS_ENABLED": "true",
            "TONEARM_LYRICS_URL": lyrics.url,
            "TONEARM_SLSKD_SEARCH_MIN_GAP_S": "0.1",
            "TONEARM_SLSKD_SEARCH_TIMEOUT_MS": "1000",
            "TONEARM_DOWNLOAD_POLL_INTERVAL_S": "0.2",
            "TONEARM_DOWNLOAD_STALL_TIMEOUT_S": "2",
            "TONEARM_ACQUISITION_RESEARCH_DELAY_S": "1",
        }
        process = TonearmProcess(env, port, tmp_path / "serve.log")
        process.start()
        try:
            yield {
                "process": process,
                "db_url": f"sqlite+aiosqlite:///{(data / 'tonearm.db').resolve()}",
                "library": tmp_path / "library",
                "covers": covers.url,
                "songs": songs,
                "base": f"http://127.0.0.1:{port}",
            }
        finally:
            process.stop()


async def _add_tracks(db: Database, songs: tuple[Any, ...], covers: str) -> list[int]:
    async with db.transaction() as session:
        tracks = [create_track(song, cover_base=f"{covers}/v1") for song in songs]
        session.add_all(tracks)
        await session.flush()
        for track in tracks:
            await enqueue_search(session, track.id)
        return [t.id for t in tracks]


async def _wait_for_download_state(db: Database, states: set[str], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        async with db.transaction(readonly=True) as session:
            found = (
                await session.execute(select(Download.id).where(Download.state.in_(states)))
            ).first()
        if found is not None:
            return True
        await asyncio.sleep(0.02)
    return False


async def _wait_all_settled(db: Database, timeout_s: float) -> list[Track]:
    deadline = time.monotonic() + timeout_s
    while True:
        async with db.transaction(readonly=True) as session:
            tracks = list((await session.execute(select(Track).order_by(Track.id))).scalars())
        if tracks and all(t.state in ("done", "failed") for t in tracks):
            return tracks
        assert time.monotonic() < deadline, [(t.title, t.state, t.reason) for t in tracks]
        await asyncio.sleep(0.1)


async def test_wanted_tracks_become_tagged_library_files_despite_decoys_and_kills(
    stack: dict[str, Any],
) -> None:
    db = Database(stack["db_url"])
    process: TonearmProcess = stack["process"]
    try:
        await _add_tracks(db, stack["songs"], stack["covers"])
        assert await _wait_for_download_state(db, {"downloading"}, 30)
        process.kill()  # during a transfer
        process.start()
        assert await _wait_for_download_state(db, {"processing"}, 30)
        process.kill()  # during post-processing (the lyrics provider is slow)
        process.start()
        tracks = await _wait_all_settled(db, 45)
    finally:
        await db.dispose()

    library: Path = stack["library"]
    assert [(t.state, t.reason) for t in tracks] == [("done", None)] * len(tracks)
    audio = sorted(p for p in library.rglob("*") if p.suffix in (".flac", ".mp3", ".m4a"))
    assert len(audio) == len(tracks)  # exactly one file per track
    assert not [p for p in library.rglob(".*") if p.is_file()]  # no temporaries left
    for track, song in zip(tracks, stack["songs"], strict=True):
        path = library / (track.library_path or "")
        assert path.is_file()
        tags = read_tags(path)
        assert (tags.title, tags.artists, tags.album, tags.album_artist) == (
            song.title,
            [song.artist],
            song.album,
            song.artist,
        )
        assert (tags.track_number, tags.disc_number, tags.year) == (song.number, 1, song.year)
        assert (tags.spotify_track_id, tags.isrc) == (song.spotify_id, track.isrc)
        assert tags.has_cover
        lrc = path.with_suffix(".lrc").read_text(encoding="utf-8")
        assert lrc == generated_lyrics(song.artist, song.title)
    async with httpx.AsyncClient(base_url=stack["base"], headers={"X-API-Key": API_KEY}) as http:
        listed = (await http.get("/api/v1/library/tracks", params={"limit": 50})).json()
        downloads = (await http.get("/api/v1/downloads", params={"state": "done"})).json()
    assert listed["total"] == len(tracks)
    assert {d["username"] for d in downloads["items"]} == {"honest"}
