"""Small Soulseek networks offering one song in chosen formats, and waits on its track."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.integration.acquisition.factories import Song
from tests.integration.acquisition.harness import Pipeline, wait_for
from tonearm.db.models import Track
from tonearm.emulators.audiogen import natural_size


def flac_file(song: Song, share: str) -> dict[str, Any]:
    """The song's FLAC in the share."""
    return {
        "filename": song.right_file(share),
        "size": natural_size("flac", song.length_s) + 50_000,
        "length": song.length_s,
        "bitDepth": 16,
        "sampleRate": 44100,
    }


def mp3_320_file(song: Song, share: str) -> dict[str, Any]:
    """The song as a constant-bitrate MP3 320 in the share."""
    return {
        "filename": song.right_file(share).removesuffix(".flac") + ".mp3",
        "size": natural_size("mp3", song.length_s, 320) + 1_000,
        "length": song.length_s,
        "bitRate": 320,
        "isVariableBitRate": False,
    }


def peer(files: list[dict[str, Any]]) -> dict[str, Any]:
    """An honest, fast peer with free slots sharing ``files``."""
    return {
        "uploadSpeed": 1_000_000,
        "hasFreeUploadSlot": True,
        "queueLength": 0,
        "behaviour": "normal",
        "speed_bytes_per_s": 5_000_000,
        "files": files,
    }


def network(**peers: list[dict[str, Any]]) -> dict[str, Any]:
    """A network of honest peers, by user name."""
    return {"search_delay_ms": 20, "users": {name: peer(files) for name, files in peers.items()}}


async def wait_until_done(pipe: Pipeline, track_id: int, timeout_s: float = 30.0) -> Track:
    """Wait for the track to settle (done or failed) and return it."""

    async def settled() -> bool:
        async with pipe.db.transaction(readonly=True) as session:
            state = (
                await session.execute(select(Track.state).where(Track.id == track_id))
            ).scalar_one()
        return state in ("done", "failed")

    await wait_for(settled, timeout_s=timeout_s)
    async with pipe.db.transaction(readonly=True) as session:
        track = (await session.execute(select(Track).where(Track.id == track_id))).scalar_one()
        session.expunge(track)
    return track
