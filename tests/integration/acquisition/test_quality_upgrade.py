"""Upgrades: a track done with an MP3 gets the FLAC once one appears on the network; the
library keeps exactly one file per track; with upgrades off nothing changes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func, select

from tests.integration.acquisition.factories import SONGS, Song, create_track, write_network
from tests.integration.acquisition.harness import Pipeline, running_pipeline, wait_for
from tests.integration.acquisition.offers import flac_file, mp3_320_file, network, wait_until_done
from tonearm.db.models import ActivityEvent, Download, Job, LibraryFile, QualityCheck, Track
from tonearm.domain.acquisition.jobs import enqueue_search
from tonearm.domain.postprocess import read_tags
from tonearm.domain.upgrades import UPGRADE_SEARCH_JOB, UPGRADE_TICK_JOB
from tonearm.domain.upgrades.tasks import register_upgrade_tasks
from tonearm.orchestrator import enqueue

SONG = SONGS[0]


async def _done_with_mp3(pipe: Pipeline, song: Song) -> Track:
    register_upgrade_tasks(pipe.worker.registry)
    async with pipe.db.transaction() as session:
        track = create_track(song)
        session.add(track)
        await session.flush()
        await enqueue_search(session, track.id)
        track_id = track.id
    track = await wait_until_done(pipe, track_id)
    assert track.state == "done", track.reason
    assert (track.library_path or "").endswith(".mp3")
    return track


async def _checks(pipe: Pipeline, track_id: int) -> int:
    async with pipe.db.transaction(readonly=True) as session:
        row = await session.get(QualityCheck, track_id)
        return row.checks if row else 0


async def _tick_and_settle(pipe: Pipeline, track_id: int) -> None:
    """Run the periodic tick once and wait until the track's upgrade search has finished
    and any upgrade download it started has ended."""
    before = await _checks(pipe, track_id)
    async with pipe.db.transaction() as session:
        await enqueue(session, UPGRADE_TICK_JOB, {})

    async def checked_and_idle() -> bool:
        # The check and the download it starts commit together: read the check first, so a
        # download it started is seen by the second read.
        if await _checks(pipe, track_id) <= before:
            return False
        async with pipe.db.transaction(readonly=True) as session:
            active = await session.scalar(
                select(func.count(Download.id)).where(Download.active_track_id == track_id)
            )
        return active == 0

    await wait_for(checked_and_idle, timeout_s=30)


def _audio_files(library: Path) -> list[Path]:
    return sorted(p for p in library.rglob("*") if p.suffix in (".mp3", ".flac", ".m4a"))


async def test_a_flac_appearing_later_replaces_the_mp3(tmp_path: Path, db_url: str) -> None:
    first = network(mp3peer=[mp3_320_file(SONG, "mp3peer")])
    overrides = {"quality_upgrade_interval_s": 0.0}
    async with running_pipeline(tmp_path, db_url, first, **overrides) as pipe:
        track = await _done_with_mp3(pipe, SONG)
        library = pipe.settings.resolved_library_dir
        mp3 = library / (track.library_path or "")
        mp3_bytes = mp3.read_bytes()

        await _tick_and_settle(pipe, track.id)  # nothing better on the network yet
        assert _audio_files(library) == [mp3]
        assert mp3.read_bytes() == mp3_bytes

        both = network(
            mp3peer=[mp3_320_file(SONG, "mp3peer")], flacpeer=[flac_file(SONG, "flacpeer")]
        )
        write_network(tmp_path / "network.json", both)
        await _tick_and_settle(pipe, track.id)

        async with pipe.db.transaction(readonly=True) as session:
            after = await session.get(Track, track.id)
            rows = (await session.execute(select(LibraryFile))).scalars().all()
            downloads = (
                (await session.execute(select(Download).order_by(Download.id))).scalars().all()
            )
            upgraded = (
                (
                    await session.execute(
                        select(ActivityEvent).where(ActivityEvent.type == "download.upgraded")
                    )
                )
                .scalars()
                .all()
            )
            check = await session.get(QualityCheck, track.id)

    assert after is not None
    assert after.state == "done"
    flac = library / (after.library_path or "")
    assert _audio_files(library) == [flac]
    assert flac.suffix == ".flac"
    assert flac.with_suffix(".lrc").exists()
    tags = read_tags(flac)
    assert (tags.title, tags.artists, tags.album) == (SONG.title, [SONG.artist], SONG.album)
    assert (tags.track_number, tags.year, tags.spotify_track_id) == (
        SONG.number,
        SONG.year,
        SONG.spotify_id,
    )
    assert [(r.path, r.format, r.track_id) for r in rows] == [
        (after.library_path, "flac", track.id)
    ]
    assert [(d.username, d.state) for d in downloads] == [("mp3peer", "done"), ("flacpeer", "done")]
    assert downloads[1].breakdown["upgrade"]["from_tier"] == "MP3 320"
    assert len(upgraded) == 1
    assert upgraded[0].details["from_path"] == track.library_path
    assert upgraded[0].details["to_path"] == after.library_path
    assert check is not None
    assert check.outcome == "started"


async def test_nothing_changes_when_upgrades_are_off(tmp_path: Path, db_url: str) -> None:
    offered = network(mp3peer=[mp3_320_file(SONG, "mp3peer")])
    overrides = {"quality_upgrade_interval_s": 0.0, "quality_upgrade_lossy": False}
    async with running_pipeline(tmp_path, db_url, offered, **overrides) as pipe:
        track = await _done_with_mp3(pipe, SONG)
        both = network(
            mp3peer=[mp3_320_file(SONG, "mp3peer")], flacpeer=[flac_file(SONG, "flacpeer")]
        )
        write_network(tmp_path / "network.json", both)
        downloads, checks = await _tick_and_search(pipe, track.id)

    library = pipe.settings.resolved_library_dir
    assert _audio_files(library) == [library / (track.library_path or "")]
    assert [d.username for d in downloads] == ["mp3peer"]
    assert checks == []


async def test_a_file_already_in_the_top_tier_is_not_searched_again(
    tmp_path: Path, db_url: str
) -> None:
    offered = network(mp3peer=[mp3_320_file(SONG, "mp3peer")])
    overrides = {"quality_upgrade_interval_s": 0.0, "quality_formats": ["MP3 320", "FLAC"]}
    async with running_pipeline(tmp_path, db_url, offered, **overrides) as pipe:
        track = await _done_with_mp3(pipe, SONG)
        write_network(
            tmp_path / "network.json",
            network(mp3peer=[mp3_320_file(SONG, "mp3peer")], flacpeer=[flac_file(SONG, "f")]),
        )
        await _tick_and_settle(pipe, track.id)
        async with pipe.db.transaction(readonly=True) as session:
            check = await session.get(QualityCheck, track.id)
            downloads = (await session.execute(select(Download))).scalars().all()
    assert check is not None
    assert check.outcome == "best"
    assert len(downloads) == 1


async def _tick_and_search(
    pipe: Pipeline, track_id: int
) -> tuple[Sequence[Download], Sequence[QualityCheck]]:
    """Run an upgrade tick and a direct upgrade search for ``track_id`` to the end; then every
    download and quality check there is."""
    async with pipe.db.transaction() as session:
        tick = (await enqueue(session, UPGRADE_TICK_JOB, {})).job.id
        direct = (await enqueue(session, UPGRADE_SEARCH_JOB, {"track_id": track_id})).job.id
    await _wait_jobs_finished(pipe, [tick, direct])
    async with pipe.db.transaction(readonly=True) as session:
        downloads = (await session.execute(select(Download))).scalars().all()
        checks = (await session.execute(select(QualityCheck))).scalars().all()
    return downloads, checks


async def _wait_jobs_finished(pipe: Pipeline, job_ids: list[int]) -> None:
    async def finished() -> bool:
        async with pipe.db.transaction(readonly=True) as session:
            statuses = (
                (await session.execute(select(Job.status).where(Job.id.in_(job_ids))))
                .scalars()
                .all()
            )
        return statuses == ["succeeded"] * len(job_ids)

    await wait_for(finished, timeout_s=20)


async def test_a_track_with_a_download_under_way_is_left_alone(tmp_path: Path, db_url: str) -> None:
    both = network(mp3peer=[mp3_320_file(SONG, "mp3peer")])
    overrides = {"quality_upgrade_interval_s": 0.0}
    async with running_pipeline(tmp_path, db_url, both, **overrides) as pipe:
        track = await _done_with_mp3(pipe, SONG)
        write_network(
            tmp_path / "network.json",
            network(mp3peer=[mp3_320_file(SONG, "mp3peer")], flacpeer=[flac_file(SONG, "f")]),
        )
        async with pipe.db.transaction() as session:
            session.add(  # a person's own download of this track, still running
                Download(
                    track_id=track.id,
                    active_track_id=track.id,
                    state="requested",
                    username="someone",
                    filename="@@x\\Karma Police.flac",
                    size=1,
                    breakdown={"manual": True},
                    progress=0.0,
                    attempts=0,
                )
            )
        downloads, checks = await _tick_and_search(pipe, track.id)
    assert sorted(d.username for d in downloads) == ["mp3peer", "someone"]
    assert checks == []
