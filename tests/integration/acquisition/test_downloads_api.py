"""Downloads API: manual download, list, detail, candidates, cancel, retry, delete."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from tests.integration.acquisition.factories import SONGS, create_track
from tonearm.db.models import ActivityEvent, Job


async def test_manual_download_lifecycle(app: FastAPI, client: httpx.AsyncClient) -> None:
    services = app.state.services
    async with services.db.transaction() as session:
        track = create_track(SONGS[0])
        session.add(track)
        await session.flush()
        track_id = track.id
    body = {"username": "alice", "filename": "@@a\\Music\\x.flac", "size": 10, "track_id": track_id}
    created = await client.post("/api/v1/downloads", json=body)
    assert created.status_code == 201
    download = created.json()
    assert (download["state"], download["format"]) == ("queued", "flac")
    assert (await client.post("/api/v1/downloads", json=body)).status_code == 409

    listed = (await client.get("/api/v1/downloads", params={"track_id": track_id})).json()
    assert [d["id"] for d in listed["items"]] == [download["id"]]
    detail = (await client.get(f"/api/v1/downloads/{download['id']}")).json()
    assert detail["breakdown"] == {"manual": True}
    assert (await client.get(f"/api/v1/downloads/{download['id']}/candidates")).json() == []

    assert (await client.delete(f"/api/v1/downloads/{download['id']}")).status_code == 409
    cancelled = await client.post(f"/api/v1/downloads/{download['id']}/cancel")
    assert cancelled.json()["state"] == "cancelled"
    retried = await client.post(f"/api/v1/downloads/{download['id']}/retry")
    assert retried.status_code == 201
    assert retried.json()["state"] == "queued"
    assert (await client.delete(f"/api/v1/downloads/{download['id']}")).status_code == 204
    assert (await client.get(f"/api/v1/downloads/{download['id']}")).status_code == 404

    async with services.db.transaction(readonly=True) as session:
        jobs = (await session.execute(select(Job.type, Job.payload))).all()
        feed = (await session.execute(select(ActivityEvent.type))).scalars().all()
    assert [(t, p) for t, p in jobs] == [
        ("acquire.download", {"download_id": download["id"]}),
        ("acquire.download", {"download_id": retried.json()["id"]}),
    ]
    assert "download.cancelled" in feed


async def test_unknown_download_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/downloads/999")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "NOT_FOUND")
