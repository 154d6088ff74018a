"""The wanted-track API: add (deduplicated: the existing track comes back with 200), list with
filters and pagination, delete, and bad input as the error envelope with a precise code."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from tonearm.db.models import Job

TRACKS = "/api/v1/tracks"
SPOTIFY_ID = "8v0R0IuZG42xiaaklH8TYC"
TRACK_KEYS = {
    "id",
    "title",
    "artists",
    "album",
    "duration_ms",
    "isrc",
    "spotify_id",
    "state",
    "reason",
    "library_path",
}


async def _add(client: httpx.AsyncClient, status: int = 201, **body: Any) -> dict[str, Any]:
    answer = await client.post(TRACKS, json=body)
    assert answer.status_code == status, answer.text
    track: dict[str, Any] = answer.json()
    return track


async def _acquire_jobs(app: FastAPI) -> int:
    async with app.state.services.db.transaction(readonly=True) as session:
        stmt = select(func.count(Job.id)).where(Job.type == "acquire.search")
        return int((await session.execute(stmt)).scalar_one())


def _assert_error(answer: httpx.Response, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["ok"] is False
    assert body["error"]["code"] == code
    assert body["error"]["message"]


class TestAdd:
    async def test_a_new_track_is_wanted_and_queued_for_acquisition(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        track = await _add(
            client, artist="Portishead", title="Roads", album="Dummy", duration_ms=305_000
        )
        assert set(track) == TRACK_KEYS
        assert track["artists"] == ["Portishead"]
        assert (track["title"], track["album"], track["duration_ms"]) == ("Roads", "Dummy", 305_000)
        assert (track["state"], track["spotify_id"], track["library_path"]) == (
            "wanted",
            None,
            None,
        )
        assert await _acquire_jobs(app) == 1

    async def test_the_same_song_again_returns_the_existing_track_with_200(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        first = await _add(client, artist="Portishead", title="Roads", duration_ms=305_000)
        again = await _add(
            client, 200, artists=["PORTISHEAD"], title="Roads (feat. Nobody)", duration_ms=306_000
        )
        assert again["id"] == first["id"]
        assert await _acquire_jobs(app) == 1

    async def test_a_spotify_id_is_deduplicated_by_that_id(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        first = await _add(client, spotify_id=SPOTIFY_ID)
        again = await _add(client, 200, spotify_id=SPOTIFY_ID, artist="Radiohead", title="Airbag")
        assert again["id"] == first["id"]
        assert again["spotify_id"] == SPOTIFY_ID
        assert await _acquire_jobs(app) == 1

    async def test_an_isrc_is_deduplicated_in_any_spelling(self, client: httpx.AsyncClient) -> None:
        first = await _add(client, artist="Radiohead", title="Airbag", isrc="GBAYE9700312")
        again = await _add(client, 200, artist="Other", title="Other Name", isrc="gb-aye-97-00312")
        assert again["id"] == first["id"]
        assert again["isrc"] == "GBAYE9700312"

    async def test_same_names_but_another_length_is_another_recording(
        self, client: httpx.AsyncClient
    ) -> None:
        first = await _add(client, artist="Portishead", title="Roads", duration_ms=305_000)
        live = await _add(client, artist="Portishead", title="Roads", duration_ms=420_000)
        assert live["id"] != first["id"]


class TestList:
    @pytest.fixture
    async def ids(self, client: httpx.AsyncClient) -> list[int]:
        names = ["Roads", "Glory Box", "Sour Times", "Mysterons", "Numb"]
        return [(await _add(client, artist="Portishead", title=name))["id"] for name in names]

    async def test_pages_newest_first(self, client: httpx.AsyncClient, ids: list[int]) -> None:
        first = (await client.get(TRACKS, params={"limit": 2})).json()
        assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
        assert [t["id"] for t in first["items"]] == [ids[4], ids[3]]
        last = (await client.get(TRACKS, params={"limit": 2, "offset": 4})).json()
        assert [t["id"] for t in last["items"]] == [ids[0]]
        beyond = (await client.get(TRACKS, params={"offset": 10})).json()
        assert (beyond["items"], beyond["total"]) == ([], 5)

    async def test_filters_by_state_and_text(
        self, client: httpx.AsyncClient, ids: list[int]
    ) -> None:
        found = (await client.get(TRACKS, params={"q": "glory"})).json()
        assert [t["id"] for t in found["items"]] == [ids[1]]
        wanted = (await client.get(TRACKS, params={"state": "wanted"})).json()
        assert wanted["total"] == 5
        done = (await client.get(TRACKS, params={"state": "done"})).json()
        assert (done["items"], done["total"]) == ([], 0)


class TestDelete:
    async def test_a_deleted_track_is_gone(self, client: httpx.AsyncClient) -> None:
        track = await _add(client, artist="Portishead", title="Roads")
        deleted = await client.delete(f"{TRACKS}/{track['id']}")
        assert deleted.status_code == 204
        assert deleted.content == b""
        assert (await client.get(TRACKS)).json()["total"] == 0
        _assert_error(await client.delete(f"{TRACKS}/{track['id']}"), 404, "NOT_FOUND")


class TestBadInput:
    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"title": "Roads"},
            {"artist": "Portishead"},
            {"spotify_id": "not-a-spotify-id"},
            {"artist": "Portishead", "title": "Roads", "duration_ms": -1},
            {"artist": "Portishead", "title": "Roads", "colour": "blue"},
            {"artist": "Portishead", "title": "x" * 501},
        ],
        ids=["empty", "no-artist", "no-title", "bad-id", "negative-length", "extra", "too-long"],
    )
    async def test_an_unusable_track_is_a_validation_error(
        self, client: httpx.AsyncClient, app: FastAPI, body: dict[str, Any]
    ) -> None:
        _assert_error(await client.post(TRACKS, json=body), 422, "VALIDATION_ERROR")
        assert await _acquire_jobs(app) == 0

    @pytest.mark.parametrize(
        "params",
        [{"state": "lost"}, {"limit": 0}, {"limit": 501}, {"offset": -1}, {"q": "x" * 201}],
        ids=["state", "limit-0", "limit-big", "offset", "q"],
    )
    async def test_bad_list_parameters_are_validation_errors(
        self, client: httpx.AsyncClient, params: dict[str, Any]
    ) -> None:
        _assert_error(await client.get(TRACKS, params=params), 422, "VALIDATION_ERROR")

    async def test_bad_ids_are_validation_errors(self, client: httpx.AsyncClient) -> None:
        _assert_error(await client.delete(f"{TRACKS}/0"), 422, "VALIDATION_ERROR")
        _assert_error(await client.delete(f"{TRACKS}/abc"), 422, "VALIDATION_ERROR")

    async def test_a_body_that_is_not_json_is_a_validation_error(
        self, client: httpx.AsyncClient
    ) -> None:
        answer = await client.post(
            TRACKS, content=b"artist=Portishead", headers={"Content-Type": "application/json"}
        )
        _assert_error(answer, 422, "VALIDATION_ERROR")
