"""The free-import API: accept and skip with reasons, uploads and their size cap, progress
counts once the import job ran, backpressure, and links kept until credentials exist."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from structlog.testing import capture_logs

from tests.integration.imports.harness import NO_CREDENTIALS, ImportRig, import_rig
from tests.integration.providers.emulated import CLIENT_ID, CLIENT_SECRET

AIRBAG = "8v0R0IuZG42xiaaklH8TYC"  # a track of the bundled demo data
IN_RAINBOWS = "1FQv0FuXydTM8g1JT5YNQH"  # an album of 4 tracks
WISHLIST = "JASQiCspSInFDe3HxidbDs"  # a public playlist of the demo user
IMPORTS = "/api/v1/imports"
WAITING_REASON = "waiting for Spotify client credentials"


@pytest.fixture
async def rig(tmp_path: Path, db_url: str) -> AsyncIterator[ImportRig]:
    async with import_rig(tmp_path, db_url) as running:
        yield running


async def _status(rig: ImportRig, job_id: int) -> dict[str, Any]:
    answer = await rig.api.get(f"{IMPORTS}/{job_id}")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _assert_error(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    assert body["ok"] is False
    assert body["error"]["code"] == code
    return body


class TestCreate:
    async def test_paste_answers_202_with_accepted_and_skipped_values(self, rig: ImportRig) -> None:
        answer = await rig.api.post(
            IMPORTS,
            json={
                "links": [f"https://open.spotify.com/track/{AIRBAG}", "https://example.com/x"],
                "tracks": "Portishead - Roads\njust words\nPortishead - Roads\n",
            },
        )
        assert answer.status_code == 202, answer.text
        body = answer.json()
        assert isinstance(body["job_id"], int)
        assert body["status"] == "queued"
        assert body["accepted"] == [
            f"https://open.spotify.com/track/{AIRBAG}",
            "Portishead - Roads",
        ]
        reasons = {(s["value"], s["reason"]) for s in body["skipped"]}
        assert reasons == {
            ("https://example.com/x", "invalid"),
            ("just words", "invalid"),
            ("Portishead - Roads", "duplicate"),
        }

    async def test_nothing_to_import_is_a_validation_error(self, rig: ImportRig) -> None:
        _assert_error(await rig.api.post(IMPORTS, json={}), 422, "VALIDATION_ERROR")

    async def test_an_upload_answers_202(self, rig: ImportRig) -> None:
        exportify = (
            '"Track URI","Track Name","Artist Name(s)","Album Name","Duration (ms)"\n'
            f'"spotify:track:{AIRBAG}","Airbag","Radiohead","OK Computer","284000"\n'
            '"","Roads","Portishead","Dummy","305000"\n'
        )
        answer = await rig.api.post(
            f"{IMPORTS}/upload", files={"file": ("liked.csv", exportify, "text/csv")}
        )
        assert answer.status_code == 202, answer.text
        assert len(answer.json()["accepted"]) == 2

    async def test_an_unknown_import_is_not_found(self, rig: ImportRig) -> None:
        _assert_error(await rig.api.get(f"{IMPORTS}/999999"), 404, "NOT_FOUND")


class TestUploadCap:
    @pytest.fixture
    async def rig(self, tmp_path: Path, db_url: str) -> AsyncIterator[ImportRig]:
        async with import_rig(tmp_path, db_url, max_upload_bytes=2048) as running:
            yield running

    async def test_a_declared_oversize_upload_is_refused_with_413(self, rig: ImportRig) -> None:
        big = "Artist - Title\n" * 400  # 6 KB
        answer = await rig.api.post(
            f"{IMPORTS}/upload", files={"file": ("big.txt", big, "text/plain")}
        )
        body = _assert_error(answer, 413, "PAYLOAD_TOO_LARGE")
        assert body["error"]["details"]["limit_bytes"] == 2048

    async def test_a_streamed_oversize_upload_is_refused_with_413(self, rig: ImportRig) -> None:
        boundary = "tonearm-boundary"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
            yield head
            for _ in range(40):
                yield b"Artist - Title\n" * 10
            yield f"\r\n--{boundary}--\r\n".encode()

        answer = await rig.api.post(
            f"{IMPORTS}/upload",
            content=chunks(),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        _assert_error(answer, 413, "PAYLOAD_TOO_LARGE")
        assert (await rig.api.get("/api/v1/admin/jobs?type=import.process")).json()["total"] == 0


class TestBackpressure:
    @pytest.fixture
    async def rig(self, tmp_path: Path, db_url: str) -> AsyncIterator[ImportRig]:
        async with import_rig(tmp_path, db_url, import_max_pending=5) as running:
            yield running

    async def test_too_much_waiting_work_is_429_until_it_is_processed(self, rig: ImportRig) -> None:
        first = await rig.api.post(IMPORTS, json={"tracks": "A - One\nB - Two\nC - Three\n"})
        assert first.status_code == 202, first.text
        with capture_logs() as logs:
            refused = await rig.api.post(IMPORTS, json={"tracks": "D - Four\nE - Five\nF - Six\n"})
        body = _assert_error(refused, 429, "RATE_LIMITED")
        (event,) = [e for e in logs if e["event"] == "import.refused"]
        assert (event["entries"], event["pending"], event["limit"]) == (3, 3, 5)
        assert int(refused.headers["Retry-After"]) >= 1
        assert body["error"]["details"]["pending"] == 3
        assert body["error"]["details"]["limit"] == 5
        await rig.run_imports()
        accepted = await rig.api.post(IMPORTS, json={"tracks": "D - Four\nE - Five\nF - Six\n"})
        assert accepted.status_code == 202, accepted.text


class TestProgress:
    async def test_counts_and_skip_reasons_once_the_job_ran(self, rig: ImportRig) -> None:
        before = await rig.api.post("/api/v1/tracks", json={"artist": "Moby", "title": "Porcelain"})
        assert before.status_code == 201, before.text
        created = await rig.api.post(
            IMPORTS,
            json={
                "links": ["spotify:episode:5Xt5DXGzch68nYYamXrNxZ", f"spotify:track:{AIRBAG}"],
                "tracks": "\n".join(
                    [
                        "Portishead - Roads",
                        "Moby - Porcelain",
                        "not a track",
                        "Air - Playground Love",
                    ]
                ),
            },
        )
        job_id = created.json()["job_id"]
        queued = await _status(rig, job_id)
        assert (queued["status"], queued["registered"], queued["normalized"]) == ("queued", 4, 0)
        with capture_logs() as logs:
            (job,) = await rig.run_imports()
        assert job.status == "succeeded"
        (event,) = [e for e in logs if e["event"] == "import.processed"]
        assert event["import_id"] == job_id
        assert (event["status"], event["queued"], event["pending_links"]) == ("done", 3, 0)
        done = await _status(rig, job_id)
        assert done["status"] == "done"
        assert (done["registered"], done["normalized"], done["failed"]) == (4, 4, 0)
        assert done["queued"] == 3  # Moby was already wanted
        assert done["completed"] == 0
        assert done["skip_reasons"] == {"unsupported": 1, "invalid": 1}
        assert done["pending_links"] == []
        tracks = await rig.api.get("/api/v1/tracks", params={"limit": 50})
        titles = sorted(t["title"] for t in tracks.json()["items"])
        assert titles == ["Airbag", "Playground Love", "Porcelain", "Roads"]


class TestBackfill:
    @pytest.fixture
    async def rig(self, tmp_path: Path, db_url: str) -> AsyncIterator[ImportRig]:
        async with import_rig(tmp_path, db_url, **NO_CREDENTIALS) as running:
            yield running

    async def _import_links(self, rig: ImportRig) -> int:
        created = await rig.api.post(
            IMPORTS,
            json={
                "links": [
                    f"spotify:track:{AIRBAG}",
                    f"https://open.spotify.com/album/{IN_RAINBOWS}",
                    f"https://open.spotify.com/playlist/{WISHLIST}",
                ],
                "tracks": "Portishead - Roads",
            },
        )
        assert created.status_code == 202, created.text
        job_id: int = created.json()["job_id"]
        await rig.run_imports()
        return job_id

    async def test_links_are_kept_until_credentials_exist(self, rig: ImportRig) -> None:
        job_id = await self._import_links(rig)
        waiting = await _status(rig, job_id)
        assert waiting["status"] == "waiting_credentials"
        assert (waiting["registered"], waiting["normalized"], waiting["queued"]) == (4, 1, 1)
        assert [p["reason"] for p in waiting["pending_links"]] == [WAITING_REASON] * 3
        assert (await rig.run_backfill()).status == "succeeded"
        assert (await _status(rig, job_id))["pending_links"] == waiting["pending_links"]

    async def test_credentials_expand_them_and_a_refused_playlist_stays_pending(
        self, rig: ImportRig
    ) -> None:
        job_id = await self._import_links(rig)
        patched = await rig.api.patch(
            "/api/v1/settings",
            json={"spotify_client_id": CLIENT_ID, "spotify_client_secret": CLIENT_SECRET},
        )
        assert patched.status_code == 200, patched.text
        with capture_logs() as logs:
            assert (await rig.run_backfill()).status == "succeeded"
        (event,) = [e for e in logs if e["event"] == "import.backfilled"]
        assert (event["import_id"], event["normalized"], event["pending_links"]) == (job_id, 3, 1)
        after = await _status(rig, job_id)
        assert after["normalized"] == 3  # the line, the track link and the album link
        assert after["queued"] == 1 + 1 + 4
        assert after["failed"] == 0
        # Spotify answers 403 to an app token for a playlist's items: kept, with the reason.
        (pending,) = after["pending_links"]
        assert pending["value"] == f"https://open.spotify.com/playlist/{WISHLIST}"
        assert "PRO mode" in pending["reason"]
        assert after["status"] == "waiting_credentials"
