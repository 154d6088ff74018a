"""Dead letters are listed with a retry button; refusals and failing sources are explained in
words."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from tonearm.db.models import Job
from tonearm.orchestrator import enqueue


async def _jobs(app: FastAPI) -> tuple[int, int]:
    """One dead job and one still waiting."""
    async with app.state.services.db.transaction() as session:
        dead = await enqueue(session, "test.dead", {})
        waiting = await enqueue(session, "test.waiting", {})
        await session.execute(
            update(Job)
            .where(Job.id == dead.job.id)
            .values(status="dead", attempts=5, last_error="gave up after 5 tries")
        )
    return dead.job.id, waiting.job.id


async def test_a_dead_letter_can_be_retried(
    app: FastAPI, ui: httpx.AsyncClient, token: str
) -> None:
    dead_id, waiting_id = await _jobs(app)
    page = (await ui.get("/jobs?status=dead")).text
    assert "gave up after 5 tries" in page
    assert f'action="/jobs/{dead_id}/retry?status=dead"' in page
    assert f"/jobs/{waiting_id}/" not in page

    retried = await ui.post(f"/jobs/{dead_id}/retry?status=dead", data={"csrf_token": token})
    assert retried.status_code == 303
    assert retried.headers["location"] == "/jobs?status=dead&notice=job_retried"
    shown = (await ui.get(retried.headers["location"])).text
    assert "The job was queued again." in shown
    assert f'action="/jobs/{dead_id}/retry' not in shown  # no longer dead


async def test_a_refused_action_is_said_in_words(
    app: FastAPI, ui: httpx.AsyncClient, token: str
) -> None:
    dead_id, _waiting_id = await _jobs(app)
    response = await ui.post(f"/jobs/{dead_id}/cancel", data={"csrf_token": token})
    assert response.status_code == 409
    assert '<div class="error" role="alert">' in response.text
    assert "That cannot be done right now, in the item&#39;s current state." in response.text
    assert "CONFLICT" not in response.text


async def test_a_failing_search_source_is_explained_in_words(ui: httpx.AsyncClient) -> None:
    # The test settings configure neither Spotify nor slskd; the library still answers.
    page = await ui.get("/search", params={"q": "Karma Police", "source": ["spotify", "library"]})
    assert page.status_code == 200
    assert 'data-source="spotify" data-code="NOT_CONFIGURED"' in page.text
    assert "It is not set up yet: add its address or credentials in Settings." in page.text
    assert "NOT_CONFIGURED:" not in page.text
