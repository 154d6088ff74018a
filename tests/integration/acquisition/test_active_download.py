"""Never two active downloads of one track: the database refuses the second."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from tests.integration.acquisition.factories import SONGS, create_track
from tonearm.db import Database
from tonearm.db.models import Download


def _download(track_id: int, username: str) -> Download:
    return Download(
        track_id=track_id,
        active_track_id=track_id,
        state="queued",
        username=username,
        filename="@@x\\a.flac",
        size=1,
        breakdown={},
        progress=0.0,
        attempts=0,
    )


async def test_second_active_download_is_refused_until_the_first_ends(db_url: str) -> None:
    db = Database(db_url)
    try:
        async with db.transaction() as session:
            track = create_track(SONGS[0])
            session.add(track)
            await session.flush()
            track_id = track.id
            session.add(_download(track_id, "a"))
        with pytest.raises(IntegrityError):
            async with db.transaction() as session:
                session.add(_download(track_id, "b"))
        async with db.transaction() as session:
            first = (await session.get(Download, 1)) or pytest.fail("missing download")
            first.state, first.active_track_id = "failed", None
        async with db.transaction() as session:
            session.add(_download(track_id, "c"))
    finally:
        await db.dispose()
