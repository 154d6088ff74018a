"""Disk full on the staging folder or on the library: post-processing stops with a clear
reason and is retried later, the downloaded file is kept, nothing half-written stays in the
library, and the track is filed once there is room again.

A full disk is a real tmpfs mounted over the folder and filled up (needs root or
password-less sudo to mount it; skipped otherwise)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.acquisition.factories import SONGS, create_track
from tests.integration.acquisition.harness import running_pipeline, wait_for
from tonearm.db.models import Download, Job, Track
from tonearm.domain.acquisition.jobs import POSTPROCESS_JOB, enqueue_search
from tonearm.orchestrator import retry_job

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

SONG = SONGS[0]
FILE_SIZE = 90_000
NETWORK = {
    "search_delay_ms": 40,
    "users": {
        "honest": {
            "uploadSpeed": 1_000_000,
            "hasFreeUploadSlot": True,
            "queueLength": 0,
            "behaviour": "normal",
            "speed_bytes_per_s": 5_000_000,
            "files": [
                {
                    "filename": SONG.right_file("honest"),
                    "size": FILE_SIZE,
                    "length": SONG.length_s,
                    "bitDepth": 16,
                }
            ],
        }
    },
}


FILLER = ".filler"


@contextmanager
def full_disk(folder: Path, size_kb: int = 256) -> Iterator[Callable[[], None]]:
    """Mount a small tmpfs over ``folder`` and fill it up; yields a function that frees the
    space again (deletes the filler). Unmounted on exit."""
    privileged = _privileged()
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size_kb}k,mode=1777"
    mounted = subprocess.run(
        [*privileged, "mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    filler = folder / FILLER
    try:
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        with contextlib.suppress(OSError):  # written until the disk is full
            while os.write(fd, bytes(4096)):
                pass
        os.close(fd)
        yield lambda: filler.unlink(missing_ok=True)
    finally:
        subprocess.run([*privileged, "umount", "-l", str(folder)], check=True)


def _privileged() -> list[str]:
    """How to run mount: directly as root, else through password-less sudo (CI runners)."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") is None:
        pytest.skip("a full disk needs root (or password-less sudo) to mount a tmpfs")
    return ["sudo", "-n"]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != FILLER)


@pytest.mark.parametrize("full", ["staging", "library"])
async def test_disk_full_postpones_filing_and_loses_nothing(
    tmp_path: Path, db_url: str, full: str
) -> None:
    with full_disk(tmp_path / full) as free_space:
        async with running_pipeline(tmp_path, db_url, NETWORK, lyrics_enabled=False) as pipe:
            async with pipe.db.transaction() as session:
                track = create_track(SONG)
                session.add(track)
                await session.flush()
                await enqueue_search(session, track.id)

            async def postprocess_failed() -> bool:
                async with pipe.db.transaction(readonly=True) as session:
                    query = select(Job).where(Job.type == POSTPROCESS_JOB, Job.attempts >= 1)
                    job = (await session.execute(query)).scalars().first()
                return job is not None and job.status == "queued"

            await wait_for(postprocess_failed, timeout_s=20)
            async with pipe.db.transaction(readonly=True) as session:
                job = (
                    await session.execute(select(Job).where(Job.type == POSTPROCESS_JOB))
                ).scalar_one()
                download = (await session.execute(select(Download))).scalar_one()
                row = await session.get(Track, track.id)
            assert job.last_error is not None
            assert "disk full" in job.last_error
            assert row is not None
            assert row.state == "processing"  # still wanted: neither failed nor dropped
            assert download.state == "processing"
            assert download.local_path is not None
            assert Path(download.local_path).stat().st_size == FILE_SIZE  # the source is kept
            library = pipe.settings.resolved_library_dir
            assert _files(library) == []  # nothing half-written, not even a hidden temporary
            assert _files(pipe.settings.resolved_downloads_dir) == []  # no stale work copy

            free_space()
            async with pipe.db.transaction() as session:
                await retry_job(session, job.id)
            pipe.worker.wake()

            async def filed() -> bool:
                async with pipe.db.transaction(readonly=True) as session:
                    current = await session.get(Track, track.id)
                return current is not None and current.state == "done"

            await wait_for(filed, timeout_s=20)
            assert [p.suffix for p in _files(library)] == [".flac"]
