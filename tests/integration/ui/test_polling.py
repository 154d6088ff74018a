"""Every polling element carries the hidden-tab condition (``data-poll``, enforced by app.js),
asks for its page's live part at a sensible interval, and keeps the page's filters."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from tonearm.db.models import Download, ImportJob, Track

LIVE = {"hx-request": "true"}
POLL = re.compile(r"\bevery (\d+(?:\.\d+)?)(ms|s)\b")


class _Pollers(HTMLParser):
    """The attributes of every element whose hx-trigger polls."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if POLL.search(values.get("hx-trigger") or ""):
            self.found.append(values)


def pollers(page: str) -> list[dict[str, str | None]]:
    parser = _Pollers()
    parser.feed(page)
    return parser.found


def _interval_s(trigger: str) -> float:
    match = POLL.search(trigger)
    assert match
    value = float(match[1])
    return value / 1000 if match[2] == "ms" else value


async def _active_rows(app: FastAPI) -> tuple[int, int]:
    """A download in progress and an import still running (their pages poll)."""
    async with app.state.services.db.transaction() as session:
        track = Track(title="Halfway", artists=["Someone"], match_key="someone|halfway")
        session.add(track)
        await session.flush()
        download = Download(
            track_id=track.id,
            active_track_id=track.id,
            state="downloading",
            username="peer",
            filename="Music\\Someone\\Halfway.flac",
            progress=0.3,
        )
        job = ImportJob(source="text", status="running", registered=2)
        session.add_all([download, job])
        await session.flush()
        return download.id, job.id


POLLING_PAGES = ["/", "/spotify", "/downloads", "/artists", "/activity", "/jobs", "/system"]


async def test_every_polling_element_waits_while_the_tab_is_hidden(
    app: FastAPI, ui: httpx.AsyncClient
) -> None:
    download_id, job_id = await _active_rows(app)
    pages = [*POLLING_PAGES, f"/downloads/{download_id}", f"/import/{job_id}"]
    for path in pages:
        response = await ui.get(path)
        assert response.status_code == 200, path
        found = pollers(response.text)
        assert found, f"{path} has no live part"
        for element in found:
            trigger = element["hx-trigger"] or ""
            assert "data-poll" in element, (path, element)  # app.js skips hidden tabs
            assert "refresh" in trigger, (path, trigger)  # refreshed when visible again
            assert 3 <= _interval_s(trigger) <= 30, (path, trigger)
            target = urlsplit(element["hx-get"] or "")
            assert target.path == path, (path, element["hx-get"])
            assert parse_qs(target.query)["part"] == ["live"]
            live = await ui.get(element["hx-get"] or "", headers=LIVE)
            assert live.status_code == 200, (path, live.text[:300])
            assert "<html" not in live.text


async def test_finished_things_stop_polling(app: FastAPI, ui: httpx.AsyncClient) -> None:
    async with app.state.services.db.transaction() as session:
        download = Download(state="done", username="peer", filename="x.flac", progress=1.0)
        session.add(download)
        await session.flush()
        download_id = download.id
    page = await ui.get(f"/downloads/{download_id}")
    assert pollers(page.text) == []


async def test_the_script_keeps_hidden_tabs_from_polling(ui: httpx.AsyncClient) -> None:
    script = (await ui.get("/static/app.js")).text
    assert 'hasAttribute("data-poll")' in script
    assert 'document.visibilityState !== "visible"' in script
    assert "event.preventDefault()" in script
    assert '"visibilitychange"' in script


@pytest.mark.parametrize(
    ("path", "param", "value"),
    [
        ("/downloads", "q", "Simon & Garfunkel #1"),
        ("/jobs", "type", "a&b=c"),
        ("/activity", "type", "x&part=full"),
    ],
)
async def test_live_parts_keep_free_text_filters_intact(
    ui: httpx.AsyncClient, path: str, param: str, value: str
) -> None:
    page = await ui.get(path, params={param: value})
    (element,) = pollers(page.text)
    query = parse_qs(urlsplit(element["hx-get"] or "").query)
    assert query[param] == [value]
    assert query["part"] == ["live"]
