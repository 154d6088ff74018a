"""Handing a file to slskd is idempotent: a download job replayed after a crash adopts what
the lost run enqueued (batch route: slskd answers 409 for the download's own batch id; legacy
route before 0.26: a live transfer of the file is found first), and the legacy route files
songs too."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from structlog.testing import capture_logs

from tests.integration.acquisition.factories import SONGS, Song, create_track, decoy_network
from tests.integration.acquisition.harness import Pipeline, running_pipeline, wait_for
from tonearm.db.models import Download, Track
from tonearm.domain.acquisition.jobs import enqueue_download, enqueue_search
from tonearm.domain.acquisition.transfer import batch_id_for
from tonearm.emulators.slskd.state import EmulatorState
from tonearm.integrations.slskd import FileToDownload

SONG = SONGS[0]
BATCHES = "POST /api/v0/transfers/downloads/batches"
LEGACY = "POST /api/v0/transfers/downloads/{id}"


def emulator(pipe: Pipeline) -> EmulatorState:
    state: EmulatorState = pipe.slskd_app.state.slskd
    return state


async def _chosen_download(pipe: Pipeline, song: Song) -> tuple[int, int]:
    """A track whose download of the honest file is queued, its job not yet: (track, download)."""
    async with pipe.db.transaction() as session:
        track = create_track(song)
        track.state = "downloading"
        session.add(track)
        await session.flush()
        download = Download(
            track_id=track.id,
            active_track_id=track.id,
            state="queued",
            username="honest",
            filename=song.right_file("honest"),
            size=90_000,
            format="flac",
            progress=0.0,
            attempts=0,
        )
        session.add(download)
        await session.flush()
        return track.id, download.id


async def _lost_run_enqueued(pipe: Pipeline, download_id: int, song: Song) -> str:
    """What a download job did before it crashed: the file is enqueued at slskd, nothing of it
    was committed. Returns the transfer id."""
    slskd = pipe.providers.slskd(pipe.settings)
    result = await slskd.enqueue_download(
        "honest",
        [FileToDownload(filename=song.right_file("honest"), size=90_000)],
        batch_id=batch_id_for(download_id),
        external_id=f"tonearm-download-{download_id}",
    )
    [transfer] = result.transfers
    return transfer.id


async def _replay_until_done(pipe: Pipeline, track_id: int, download_id: int) -> Download:
    async with pipe.db.transaction() as session:
        await enqueue_download(session, download_id)

    async def done() -> bool:
        async with pipe.db.transaction(readonly=True) as session:
            track = await session.get(Track, track_id)
            return track is not None and track.state in ("done", "failed")

    await wait_for(done, timeout_s=20)
    async with pipe.db.transaction(readonly=True) as session:
        track = await session.get(Track, track_id)
        download = await session.get(Download, download_id)
    assert track is not None
    assert track.state == "done"
    assert download is not None
    return download


def _calls(logs: list[dict[str, object]], operation: str) -> list[object]:
    return [
        e.get("http_status")
        for e in logs
        if e["event"] == "api.dependency" and e["operation"] == operation
    ]


async def test_a_replayed_batch_enqueue_gets_409_and_adopts_the_transfer(
    tmp_path: Path, db_url: str
) -> None:
    async with running_pipeline(tmp_path, db_url, decoy_network((SONG,))) as pipe:
        track_id, download_id = await _chosen_download(pipe, SONG)
        transfer_id = await _lost_run_enqueued(pipe, download_id, SONG)
        with capture_logs() as logs:
            download = await _replay_until_done(pipe, track_id, download_id)
        state = emulator(pipe)

    assert _calls(logs, BATCHES) == [409]  # the replay asked again; slskd knew the batch
    assert (download.state, download.transfer_id) == ("done", transfer_id)
    assert download.batch_id == batch_id_for(download_id)
    assert list(state.batches) == [batch_id_for(download_id)]
    assert [r.id for r in state.transfers.transfers.values()] == [transfer_id]


@pytest.mark.parametrize("version", ["0.22", "0.24"])
async def test_the_legacy_route_files_a_song_before_batches_exist(
    tmp_path: Path, db_url: str, version: str
) -> None:
    network = decoy_network((SONG,))
    async with running_pipeline(tmp_path, db_url, network, slskd_version=version) as pipe:
        with capture_logs() as logs:
            async with pipe.db.transaction() as session:
                track = create_track(SONG)
                session.add(track)
                await session.flush()
                track_id = track.id
                await enqueue_search(session, track_id)

            async def settled() -> bool:
                async with pipe.db.transaction(readonly=True) as session:
                    row = await session.get(Track, track_id)
                    return row is not None and row.state in ("done", "failed")

            await wait_for(settled, timeout_s=30)
        async with pipe.db.transaction(readonly=True) as session:
            row = await session.get(Track, track_id)
            downloads = (await session.execute(select(Download))).scalars().all()
        state = emulator(pipe)

    assert row is not None
    assert row.state == "done"
    winner = next(d for d in downloads if d.state == "done")
    assert (winner.username, winner.filename) == ("honest", SONG.right_file("honest"))
    assert _calls(logs, BATCHES) == []
    assert set(_calls(logs, LEGACY)) == {201}
    assert len(_calls(logs, LEGACY)) == len(downloads)
    assert state.batches == {}


async def test_a_replayed_legacy_enqueue_adopts_the_live_transfer(
    tmp_path: Path, db_url: str
) -> None:
    network = decoy_network((SONG,))
    network["users"]["honest"]["speed_bytes_per_s"] = 1_000  # still running when replayed
    async with running_pipeline(tmp_path, db_url, network, slskd_version="0.24") as pipe:
        _, download_id = await _chosen_download(pipe, SONG)
        transfer_id = await _lost_run_enqueued(pipe, download_id, SONG)
        with capture_logs() as logs:
            async with pipe.db.transaction() as session:
                await enqueue_download(session, download_id)

            async def handed_over() -> bool:
                async with pipe.db.transaction(readonly=True) as session:
                    row = await session.get(Download, download_id)
                    return row is not None and row.state != "queued"

            await wait_for(handed_over, timeout_s=20)
        async with pipe.db.transaction(readonly=True) as session:
            download = await session.get(Download, download_id)
        state = emulator(pipe)

    assert download is not None
    assert download.state in ("requested", "downloading")
    assert download.transfer_id == transfer_id
    assert _calls(logs, LEGACY) == []  # found the live transfer: nothing enqueued twice
    assert [r.id for r in state.transfers.transfers.values()] == [transfer_id]
