"""Library index and API: scan imports existing files; tracks list with tags; scan job."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tonearm.config import Settings
from tonearm.db.models import Track
from tonearm.domain.library import scan_library
from tonearm.domain.postprocess import TrackTags, write_tags
from tonearm.emulators.audiogen import generate_audio


async def test_scan_imports_existing_files_and_marks_owned_tracks_done(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings
) -> None:
    root = settings.resolved_library_dir
    path = root / "Radiohead" / "OK Computer (1997)" / "06 - Karma Police.mp3"
    path.parent.mkdir(parents=True)
    path.write_bytes(generate_audio("mp3", 2.0, 320))
    write_tags(path, TrackTags(title="Karma Police", artists=["Radiohead"], isrc="GBAYE9700105"))
    (root / "notes.txt").write_text("not audio")
    services = app.state.services
    async with services.db.transaction() as session:
        session.add(
            Track(
                title="Karma Police",
                artists=["Radiohead"],
                isrc="GBAYE9700105",
                match_key="radiohead|karma police",
                state="wanted",
                spotify_artist_ids=[],
                details={},
            )
        )
    async with services.db.transaction() as session:
        assert await scan_library(session, root) == 1
        track = await session.get(Track, 1)
        assert track is not None
        assert (track.state, track.library_path) == (
            "done",
            "Radiohead/OK Computer (1997)/06 - Karma Police.mp3",
        )

    listed = (await client.get("/api/v1/library/tracks", params={"q": "karma"})).json()
    assert listed["total"] == 1
    item = listed["items"][0]
    assert (item["title"], item["artists"], item["format"], item["track_id"]) == (
        "Karma Police",
        ["Radiohead"],
        "mp3",
        1,
    )
    assert (await client.get("/api/v1/library/tracks", params={"q": "nope"})).json()["total"] == 0

    first = await client.post("/api/v1/library/scan")
    again = await client.post("/api/v1/library/scan")
    assert first.status_code == 202
    assert first.json()["status"] == "queued"
    assert again.json() == {**first.json(), "already_queued": True}
