"""The dashboard counts what happened today (the UTC day), not all-time totals."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI

from tonearm.db import Database
from tonearm.db.models import Download, Track
from tonearm.domain.system.today import start_of_day, today_counts
from tonearm.orchestrator import enqueue


def _track(title: str, state: str, created: datetime, updated: datetime) -> Track:
    return Track(
        title=title,
        artists=["Someone"],
        match_key=f"someone|{title.lower()}",
        state=state,
        created_at=created,
        updated_at=updated,
    )


def _download(track: Track | None, created: datetime, name: str) -> Download:
    return Download(
        track_id=track.id if track else None,
        state="downloading",
        username="peer",
        filename=f"Music\\Someone\\{name}.flac",
        created_at=created,
        updated_at=created,
    )


async def _seed(db: Database, now: datetime) -> None:
    """Rows of today and of yesterday; all-time totals differ from today's on every state."""
    today = now
    yesterday = start_of_day(now) - timedelta(minutes=1)
    async with db.transaction() as session:
        new_wanted = _track("Added today", "wanted", today, today)
        new_downloading = _track("Started today", "downloading", today, today)
        done_today = _track("Done today", "done", yesterday, today)
        done_before = _track("Done yesterday", "done", yesterday, yesterday)
        failed_today = _track("Failed today", "failed", yesterday, today)
        failed_before = _track("Failed yesterday", "failed", yesterday, yesterday)
        old_wanted = _track("Wanted yesterday", "wanted", yesterday, yesterday)
        session.add_all(
            [
                new_wanted,
                new_downloading,
                done_today,
                done_before,
                failed_today,
                failed_before,
                old_wanted,
            ]
        )
        await session.flush()
        session.add_all(
            [
                _download(new_downloading, today, "first try"),
                _download(new_downloading, today, "second try"),  # the same track: counted once
                _download(None, today, "picked by hand"),
                _download(done_before, yesterday, "yesterday's"),
            ]
        )


EXPECTED = {"wanted": 2, "downloading": 2, "done": 1, "failed": 1}


async def test_counts_cover_only_the_utc_day(app: FastAPI) -> None:
    now = datetime(2026, 3, 14, 0, 30, tzinfo=UTC)  # just after midnight: yesterday is close
    db: Database = app.state.services.db
    await _seed(db, now)
    async with db.transaction(readonly=True) as session:
        counts = await today_counts(session, now)
    assert counts.since == datetime(2026, 3, 14, tzinfo=UTC)
    assert dict(counts.items()) == EXPECTED
    async with db.transaction(readonly=True) as session:
        next_day = await today_counts(session, now + timedelta(days=1))
    assert dict(next_day.items()) == {"wanted": 0, "downloading": 0, "done": 0, "failed": 0}


def _tiles(html: str) -> dict[str, int]:
    return {m[1]: int(m[2]) for m in re.finditer(r'data-today="(\w+)">(\d+)<', html)}


async def test_dashboard_shows_todays_counts(app: FastAPI, ui: httpx.AsyncClient) -> None:
    await _seed(app.state.services.db, datetime.now(UTC))
    page = await ui.get("/")
    assert page.status_code == 200
    assert _tiles(page.text) == EXPECTED
    assert "midnight UTC" in page.text
    live = await ui.get("/?part=live", headers={"hx-request": "true"})
    assert _tiles(live.text) == EXPECTED
    assert "<html" not in live.text


async def test_dashboard_shows_queue_depth_and_provider_health(
    app: FastAPI, ui: httpx.AsyncClient
) -> None:
    async with app.state.services.db.transaction() as session:
        for n in range(3):
            await enqueue(session, "test.noop", {"n": n})
    html = (await ui.get("/")).text
    depth = re.search(r'id="queue-depth">(\d+)<', html)
    assert depth
    assert int(depth[1]) == 3
    # Neither provider is configured in the test settings: both are listed, as skipped.
    for provider in ("slskd", "spotify"):
        assert f'<span class="badge skipped">skipped</span> {provider}' in html
