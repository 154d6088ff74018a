"""The live parts render what the API reports: the downloads table (state, progress, peer,
format), the detail view (every candidate, the score breakdown) and sync progress bars."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from tests.conftest import api_client
from tests.integration.acquisition.factories import SONGS, create_track, decoy_network
from tests.integration.acquisition.harness import COVERS, running_pipeline, wait_for
from tests.integration.orchestrator.helpers import claimed_context
from tonearm.db import Database
from tonearm.db.models import Download, Playlist, Track
from tonearm.domain.acquisition.jobs import enqueue_search
from tonearm.domain.playlists.tasks import enqueue_playlist_sync, enqueue_sync_all

LIVE = {"hx-request": "true"}


def _row(page: str, download_id: int) -> str:
    found = re.search(rf'<tr id="download-{download_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert found, f"download {download_id} has no row"
    return found.group(0)


def _opening_tag(page: str, element_id: str) -> str:
    found = re.search(rf'<[a-z]+ id="{element_id}"[^>]*>', page)
    assert found, f"no element {element_id}"
    return found.group(0)


async def _acquire_one_song(tmp_path: Path, db_url: str) -> int:
    """Run the real pipeline for one song (traps fail first, the honest peer wins)."""
    song = SONGS[0]
    (tmp_path / "pipe").mkdir()
    async with running_pipeline(tmp_path / "pipe", db_url, decoy_network((song,))) as pipe:
        async with pipe.db.transaction() as session:
            track = create_track(song, cover_base=f"{COVERS}/v1")
            session.add(track)
            await session.flush()
            await enqueue_search(session, track.id)
            track_id = track.id

        async def settled() -> bool:
            async with pipe.db.transaction(readonly=True) as session:
                state = await session.scalar(select(Track.state).where(Track.id == track_id))
            return state in ("done", "failed")

        await wait_for(settled, timeout_s=40)
    return track_id


async def _add_active_download(db: Database) -> int:
    async with db.transaction() as session:
        track = Track(title="Halfway", artists=["Someone"], match_key="someone|halfway")
        session.add(track)
        await session.flush()
        download = Download(
            track_id=track.id,
            active_track_id=track.id,
            state="downloading",
            username="midway-peer",
            filename="@@share\\Music\\Someone\\01 - Halfway.mp3",
            size=5_000_000,
            format="mp3",
            bitrate=320,
            progress=0.42,
        )
        session.add(download)
        await session.flush()
        return download.id


async def test_the_downloads_table_shows_what_the_api_lists(
    app: FastAPI, ui: httpx.AsyncClient, tmp_path: Path, db_url: str
) -> None:
    await _acquire_one_song(tmp_path, db_url)
    active_id = await _add_active_download(app.state.services.db)
    async with api_client(app) as api:
        listed = (await api.get("/api/v1/downloads", params={"limit": 100})).json()["items"]
    assert {d["state"] for d in listed} >= {"done", "failed", "downloading"}

    table = (await ui.get("/downloads?part=live", headers=LIVE)).text
    assert table.lstrip().startswith('<div id="downloads-live"')
    for item in listed:
        row = _row(table, item["id"])
        assert f'data-state="{item["state"]}"' in row
        assert f'<span class="badge {item["state"]}">{item["state"]}</span>' in row
        assert f'value="{item["progress"]}"' in row  # the progress bar
        assert f"<td>{html.escape(item['username'])}</td>" in row  # the peer
        assert (item["format"] or "") in row
        basename = item["filename"].replace("\\", "/").rsplit("/", 1)[-1]
        assert html.escape(basename) in row
        if item["error"]:
            assert html.escape(item["error"]) in row
    active = _row(table, active_id)
    assert '<progress max="1" value="0.42"' in active
    assert "42%" in active
    assert "mp3 320 kbps" in active
    assert f'action="/downloads/{active_id}/cancel"' in active
    failed = next(d for d in listed if d["state"] == "failed")
    assert f'action="/downloads/{failed["id"]}/retry"' in _row(table, failed["id"])

    filtered = (await ui.get("/downloads?part=live&dstate=failed", headers=LIVE)).text
    assert f'id="download-{failed["id"]}"' in filtered
    assert f'id="download-{active_id}"' not in filtered


async def test_the_detail_view_shows_every_candidate_and_the_breakdown(
    app: FastAPI, ui: httpx.AsyncClient, tmp_path: Path, db_url: str
) -> None:
    await _acquire_one_song(tmp_path, db_url)
    async with api_client(app) as api:
        listed = (await api.get("/api/v1/downloads", params={"state": "done"})).json()["items"]
        done = listed[0]
        candidates = (await api.get(f"/api/v1/downloads/{done['id']}/candidates")).json()
        detail = (await api.get(f"/api/v1/downloads/{done['id']}")).json()
    assert len(candidates) > 3  # decoys and traps were all ranked

    page = (await ui.get(f"/downloads/{done['id']}")).text
    assert f"Every candidate ({len(candidates)})" in page
    assert page.count('<li class="card') == len(candidates)
    for candidate in candidates:
        assert f"<strong>{candidate['score']:.3f}</strong>" in page
        assert f'<span class="badge {candidate["verdict"]}">' in page
    assert page.count('<span class="badge ok">chosen</span>') == 1
    for part in detail["breakdown"]["components"]:
        assert f'<th scope="row">{part["name"].replace("_", " ")}</th>' in page
    assert f"<strong>{detail['breakdown']['total']:.3f}</strong>" in page
    assert "hx-trigger" not in _opening_tag(page, "download-live")  # finished: no polling


async def test_sync_jobs_show_progress_bars(app: FastAPI, ui: httpx.AsyncClient) -> None:
    playlist_id = "37i9dQZF1DXcBWIGoYBM5M"
    async with app.state.services.db.transaction() as session:
        session.add(Playlist(spotify_id=playlist_id, name="Morning Mix", track_count=12))
        session.add(Playlist(spotify_id="0" * 22, name="Quiet One", track_count=3))
        await session.flush()
        await enqueue_playlist_sync(session, playlist_id)

    live = (await ui.get("/spotify?part=live", headers=LIVE)).text
    assert live.lstrip().startswith('<section id="playlists-live"')
    assert '<progress aria-label="Syncing Morning Mix"></progress> waiting' in live
    assert "Syncing Quiet One" not in live
    assert "Syncing every playlist" not in live

    async with app.state.services.db.transaction() as session:
        await enqueue_sync_all(session)
    live = (await ui.get("/spotify?part=live", headers=LIVE)).text
    assert '<progress aria-label="Syncing every playlist"></progress>' in live


async def test_a_running_sync_shows_how_many_tracks_it_has_read(
    app: FastAPI, ui: httpx.AsyncClient
) -> None:
    db = app.state.services.db
    async with db.transaction() as session:
        session.add(Playlist(spotify_id="37i9dQZF1DXcBWIGoYBM5M", name="Morning Mix"))
        await session.flush()
        await enqueue_playlist_sync(session, "37i9dQZF1DXcBWIGoYBM5M")
    ctx = await claimed_context(db)
    live = (await ui.get("/spotify?part=live", headers=LIVE)).text
    assert '<progress aria-label="Syncing Morning Mix"></progress> syncing' in live
    await ctx.report_progress(40, 120)
    live = (await ui.get("/spotify?part=live", headers=LIVE)).text
    assert (
        '<progress value="40" max="120" aria-label="Syncing Morning Mix"></progress> '
        "40 of 120 tracks read"
    ) in live


async def test_an_import_shows_its_progress(
    app: FastAPI, ui: httpx.AsyncClient, token: str
) -> None:
    lines = "Radiohead - Karma Police\nDaft Punk - Digital Love\nnot a track line at all ???"
    posted = await ui.post("/import", data={"csrf_token": token, "tracks": lines})
    assert posted.status_code == 303, posted.text[:500]
    location = posted.headers["location"]
    assert re.fullmatch(r"/import/\d+.*", location)
    page = (await ui.get(location.split("?")[0])).text
    bar = re.search(r'<progress max="(\d+)" value="(\d+)" aria-label="Tracks finished">', page)
    assert bar, page[:2000]
    assert int(bar[2]) == 0
    assert "hx-trigger" in _opening_tag(page, "import-live")  # pending: the live part polls
