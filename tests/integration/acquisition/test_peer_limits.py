"""A peer that rejects with its daily/weekly limit is blocked as a whole: its other files are
skipped, the next candidate from another peer is tried, and no later track asks it again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.integration.acquisition.factories import SONGS, Song, create_track
from tests.integration.acquisition.harness import Pipeline, running_pipeline, wait_for
from tonearm.db.base import utcnow
from tonearm.db.models import WHOLE_PEER, BlocklistEntry, Download, DownloadCandidate, Track
from tonearm.domain.acquisition.jobs import enqueue_search

LIMIT_REASON = "Daily limit of 200 MB exceeded"


def _flac(filename: str, song: Song) -> dict[str, Any]:
    return {"filename": filename, "size": 90_000, "length": song.length_s, "bitDepth": 16}


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


def backup_copy(song: Song) -> str:
    """A second copy of the right file in another folder of the limited peer."""
    return song.right_file("limited").replace("\\Music\\", "\\Backup\\")


def limited_network(songs: tuple[Song, ...]) -> dict[str, Any]:
    """The fast peer has every song twice but is over its daily limit; the slow one is fine."""
    limited = [_flac(s.right_file("limited"), s) for s in songs]
    limited += [_flac(backup_copy(s), s) for s in songs]
    honest = [_flac(s.right_file("honest"), s) for s in songs]
    return {
        "search_delay_ms": 60,
        "users": {
            "limited": _peer("reject", limited, 50_000_000, reject_reason=LIMIT_REASON),
            "honest": _peer("normal", honest, 1_000_000),
        },
    }


async def _acquire(pipe: Pipeline, song: Song) -> int:
    async with pipe.db.transaction() as session:
        track = create_track(song)
        session.add(track)
        await session.flush()
        await enqueue_search(session, track.id)
        track_id = track.id

    async def settled() -> bool:
        async with pipe.db.transaction(readonly=True) as session:
            row = await session.get(Track, track_id)
            return row is not None and row.state in ("done", "failed")

    await wait_for(settled, timeout_s=30)
    return track_id


async def test_a_limit_rejection_blocks_the_peer_and_the_next_peer_is_tried(
    tmp_path: Path, db_url: str
) -> None:
    first, second = SONGS[0], SONGS[1]
    async with running_pipeline(tmp_path, db_url, limited_network((first, second))) as pipe:
        first_id = await _acquire(pipe, first)
        second_id = await _acquire(pipe, second)
        async with pipe.db.transaction(readonly=True) as session:
            tracks = {t.id: t for t in (await session.execute(select(Track))).scalars()}
            downloads = (await session.execute(select(Download).order_by(Download.id))).scalars()
            downloads = list(downloads)
            candidates = (await session.execute(select(DownloadCandidate))).scalars().all()
            blocks = (await session.execute(select(BlocklistEntry))).scalars().all()

    assert (tracks[first_id].state, tracks[second_id].state) == ("done", "done")
    # The limited peer was asked exactly once (for one of its two copies); both songs came
    # from the other peer.
    tried = [(d.track_id, d.username, d.state) for d in downloads]
    assert tried == [
        (first_id, "limited", "failed"),
        (first_id, "honest", "done"),
        (second_id, "honest", "done"),
    ]
    rejected = downloads[0]
    copies = {first.right_file("limited"), backup_copy(first)}
    assert rejected.filename in copies
    assert LIMIT_REASON in (rejected.error or "")

    # The whole peer is blocked for a day, not just the rejected file.
    [block] = blocks
    assert (block.username, block.filename) == ("limited", WHOLE_PEER)
    assert block.expires_at is not None
    assert timedelta(hours=23) < block.expires_at - utcnow() <= timedelta(hours=24)

    # Its other copy of the first song was skipped without a download; for the second song
    # the ranking already rejected every file of the blocked peer.
    [other] = copies - {rejected.filename}
    skipped = next(c for c in candidates if c.filename == other)
    assert (skipped.track_id, skipped.status) == (first_id, "failed")
    second_round = [c for c in candidates if c.track_id == second_id and c.username == "limited"]
    assert second_round
    assert all(c.verdict != "accept" for c in second_round)
