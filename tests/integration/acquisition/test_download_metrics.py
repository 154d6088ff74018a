"""``tonearm_downloads{state}`` on ``/metrics`` follows every download state change, whichever
process made it (the gauge is counted from the database at each scrape)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.acquisition.factories import SONGS, create_track
from tonearm.db import Database
from tonearm.db.models import DOWNLOAD_STATES
from tonearm.domain.acquisition import repository as repo
from tonearm.domain.acquisition.states import set_download_state


async def downloads_gauge(client: httpx.AsyncClient) -> dict[str, float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    for family in text_string_to_metric_families(response.text):
        if family.name == "tonearm_downloads":
            return {s.labels["state"]: s.value for s in family.samples}
    raise AssertionError("tonearm_downloads is missing from /metrics")


def only(**counts: float) -> dict[str, float]:
    return {state: counts.get(state, 0.0) for state in DOWNLOAD_STATES}


async def test_every_state_change_shows_on_metrics(app: FastAPI, client: httpx.AsyncClient) -> None:
    db: Database = app.state.services.db
    assert await downloads_gauge(client) == only()
    async with db.transaction() as session:
        track = create_track(SONGS[0])
        session.add(track)
        await session.flush()
        track_id = track.id
    body = {"username": "alice", "filename": "@@a\\Music\\x.flac", "size": 10, "track_id": track_id}
    first = (await client.post("/api/v1/downloads", json=body)).json()
    assert await downloads_gauge(client) == only(queued=1)

    await client.post(f"/api/v1/downloads/{first['id']}/cancel")
    assert await downloads_gauge(client) == only(cancelled=1)

    second = (await client.post(f"/api/v1/downloads/{first['id']}/retry")).json()
    assert await downloads_gauge(client) == only(queued=1, cancelled=1)

    for state in ("requested", "downloading", "failed"):  # as a worker elsewhere moves it
        async with db.transaction() as session:
            download = await repo.get_download(session, second["id"], lock=True)
            assert download is not None
            await set_download_state(session, download, state)
        assert await downloads_gauge(client) == only(cancelled=1, **{state: 1})
