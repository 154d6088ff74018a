"""An import job that runs again after a crash (its worker was killed before the job was
marked done) neither adds nor counts its entries twice."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import create_settings
from tonearm.db import Database
from tonearm.db.models import ActivityEvent, ImportJob, Track
from tonearm.domain.imports import create_import, parse_text, process_import
from tonearm.domain.imports.entries import Entry
from tonearm.domain.imports.service import _add_batch, import_status
from tonearm.domain.playlists.access import SettingsSpotifyAccess

LINES = "Portishead - Roads | Dummy\nMoby - Porcelain\nAir - Playground Love\n"


async def _import(db: Database) -> int:
    async with db.transaction() as session:
        accepted = await create_import(session, parse_text(LINES), source="paste", max_pending=1000)
    return accepted.job_id


async def _counts(db: Database, import_id: int) -> tuple[int, int, int, int, int]:
    async with db.transaction(readonly=True) as session:
        status = await import_status(session, import_id)
        tracks = (await session.execute(select(func.count(Track.id)))).scalar_one()
        events = (
            await session.execute(
                select(func.count(ActivityEvent.id)).where(ActivityEvent.type == "import.processed")
            )
        ).scalar_one()
    return status.registered, status.normalized, status.queued, tracks, events


async def test_a_finished_import_run_again_changes_nothing(tmp_path: Path, db_url: str) -> None:
    db = Database(db_url)
    access = SettingsSpotifyAccess(create_settings(tmp_path, db_url))
    try:
        import_id = await _import(db)
        assert await process_import(db, import_id, access, batch_size=2) == "done"
        assert await process_import(db, import_id, access, batch_size=2) == "done"
        assert await _counts(db, import_id) == (3, 3, 3, 3, 1)
    finally:
        await db.dispose()


async def test_an_interrupted_import_resumes_after_its_committed_batches(
    tmp_path: Path, db_url: str
) -> None:
    db = Database(db_url)
    access = SettingsSpotifyAccess(create_settings(tmp_path, db_url))
    try:
        import_id = await _import(db)
        # What the first run committed before its process died: one batch of two entries.
        async with db.transaction() as session:
            job = await session.get(ImportJob, import_id)
            assert job is not None
            first = [Entry.from_dict(item).track for item in job.items[:2]]
            await _add_batch(session, job, first)
            job.status, job.normalized = "running", 2
        assert await process_import(db, import_id, access, batch_size=2) == "done"
        assert await _counts(db, import_id) == (3, 3, 3, 3, 1)
    finally:
        await db.dispose()
