"""Job admin API: list, show, retry (revive), cancel, envelopes, dashboard counts."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tonearm.orchestrator import claim_jobs, enqueue


async def _seed(app: FastAPI) -> dict[str, int]:
    db = app.state.services.db
    async with db.transaction() as session:
        waiting = (await enqueue(session, "playlist.sync", {"id": 1}, entity_id="pl-1")).job.id
        running = (await enqueue(session, "slskd.search", {"id": 2}, priority=5)).job.id
    async with db.transaction() as session:
        await claim_jobs(session, worker_id="w", limit=1, lease_s=60)
    return {"waiting": waiting, "running": running}


async def test_list_filter_and_show(app: FastAPI, client: httpx.AsyncClient) -> None:
    ids = await _seed(app)
    page = (await client.get("/api/v1/admin/jobs")).json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 50, 0)
    leased = (await client.get("/api/v1/admin/jobs", params={"status": "leased"})).json()
    assert [j["id"] for j in leased["items"]] == [ids["running"]]
    typed = (await client.get("/api/v1/admin/jobs", params={"type": "playlist.sync"})).json()
    assert [j["entity_id"] for j in typed["items"]] == ["pl-1"]
    one = await client.get(f"/api/v1/admin/jobs/{ids['waiting']}")
    assert one.json()["status"] == "queued"
    missing = await client.get("/api/v1/admin/jobs/999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "NOT_FOUND"
    stats = (await client.get("/api/v1/system/stats")).json()
    assert stats["queue"]["queued"] == 1
    assert stats["queue"]["leased"] == 1


async def test_cancel_and_retry(app: FastAPI, client: httpx.AsyncClient) -> None:
    ids = await _seed(app)
    cancelled = await client.post(f"/api/v1/admin/jobs/{ids['waiting']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    again = await client.post(f"/api/v1/admin/jobs/{ids['waiting']}/cancel")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "CONFLICT"
    revived = await client.post(f"/api/v1/admin/jobs/{ids['waiting']}/retry")
    assert (revived.json()["status"], revived.json()["attempts"]) == ("queued", 0)
    running = await client.post(f"/api/v1/admin/jobs/{ids['running']}/cancel")
    assert running.json()["cancel_requested"] is True
    busy = await client.post(f"/api/v1/admin/jobs/{ids['running']}/retry")
    assert busy.status_code == 409
    assert (await client.post("/api/v1/admin/jobs/424242/retry")).status_code == 404


async def test_queue_metrics_are_scraped(app: FastAPI, client: httpx.AsyncClient) -> None:
    await _seed(app)
    text = (await client.get("/metrics")).text
    assert 'tonearm_queue_depth{status="queued"} 1.0' in text
