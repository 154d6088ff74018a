"""Contract tests of the slskd emulator: shapes, states and rules of slskd's HTTP API."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from mutagen.flac import FLAC
from mutagen.mp3 import MP3

from tests.integration.emulators.slskd_factories import (
    AIRBAG,
    BOB_MP3,
    KARMA,
    LOCKED,
    FakeClock,
    create_emulator,
    create_network,
    create_peer,
    open_http,
    write_network,
)

API = "/api/v0"


async def search(http: httpx.AsyncClient, text: str, **body: Any) -> httpx.Response:
    return await http.post(f"{API}/searches", json={"searchText": text, **body})


async def transfers_of(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    groups = (await http.get(f"{API}/transfers/downloads")).json()
    return [f for g in groups for d in g["directories"] for f in d["files"]]


class TestAuthAndApplication:
    async def test_health_is_anonymous_and_api_needs_a_key(self, tmp_path: Path) -> None:
        app = create_emulator(tmp_path)
        async with open_http(app, authenticated=False) as http:
            assert (await http.get("/health")).status_code == 200
            assert (await http.get(f"{API}/server")).status_code == 401
            wrong = await http.get(f"{API}/server", headers={"X-API-Key": "nope"})
            assert wrong.status_code == 401
            bearer = await http.get(
                f"{API}/server", headers={"Authorization": "Bearer slskd-test-key"}
            )
            assert bearer.json()["isLoggedIn"] is True

    @pytest.mark.parametrize("version", ["0.22", "0.24", "0.26"])
    async def test_application_reports_the_configured_version(
        self, tmp_path: Path, version: str
    ) -> None:
        async with open_http(create_emulator(tmp_path, version=version)) as http:
            body = (await http.get(f"{API}/application")).json()
        assert body["version"]["current"] == f"{version}.0"


class TestSearches:
    async def test_lifecycle_responses_only_after_completion(self, tmp_path: Path) -> None:
        clock = FakeClock()
        async with open_http(create_emulator(tmp_path, clock=clock)) as http:
            created = (await search(http, "radiohead KARMA police", searchTimeout=5000)).json()
            assert created["state"] == "InProgress"
            assert created["isComplete"] is False
            assert "endedAt" not in created
            sid = created["id"]
            assert (await http.get(f"{API}/searches/{sid}/responses")).json() == []
            clock.advance(0.31)
            done = (await http.get(f"{API}/searches/{sid}")).json()
            responses = (await http.get(f"{API}/searches/{sid}/responses")).json()
        assert done["state"] == "Completed, TimedOut"
        assert done["isComplete"] is True
        assert "endedAt" in done
        assert done["responseCount"] == 2
        names = {r["username"]: [f["filename"] for f in r["files"]] for r in responses}
        assert names == {"alice": [KARMA], "bob": [BOB_MP3]}

    async def test_concurrent_creation_gets_429(self, tmp_path: Path) -> None:
        async with open_http(create_emulator(tmp_path)) as http:
            first, second = await asyncio.gather(search(http, "karma"), search(http, "airbag"))
        assert sorted([first.status_code, second.status_code]) == [200, 429]
        rejected = first if first.status_code == 429 else second
        assert rejected.text == "Only one concurrent operation is permitted"

    async def test_at_most_two_searches_run_at_once(self, tmp_path: Path) -> None:
        clock = FakeClock()
        async with open_http(create_emulator(tmp_path, clock=clock)) as http:
            states = [(await search(http, word)).json()["state"] for word in ("a", "b", "c")]
            assert states == ["InProgress", "InProgress", "Requested"]
            clock.advance(0.31)
            listed = (await http.get(f"{API}/searches")).json()
        assert [s["state"] for s in listed] == [
            "Completed, TimedOut",
            "Completed, TimedOut",
            "InProgress",
        ]

    async def test_versions_before_024_run_searches_without_a_cap(self, tmp_path: Path) -> None:
        async with open_http(create_emulator(tmp_path, version="0.22")) as http:
            states = [(await search(http, word)).json()["state"] for word in ("a", "b", "c")]
        assert states == ["InProgress"] * 3

    async def test_reused_id_is_500_and_empty_text_is_400(self, tmp_path: Path) -> None:
        search_id = str(uuid.uuid4())
        async with open_http(create_emulator(tmp_path)) as http:
            assert (await search(http, "karma", id=search_id)).status_code == 200
            assert (await search(http, "airbag", id=search_id)).status_code == 500
            assert (await search(http, "   ")).status_code == 400

    async def test_every_word_must_appear_case_insensitively(self, tmp_path: Path) -> None:
        clock = FakeClock()
        async with open_http(create_emulator(tmp_path, clock=clock)) as http:
            hit = (await search(http, "ok COMPUTER airbag")).json()["id"]
            miss = (await search(http, "airbag karma")).json()["id"]
            clock.advance(1)
            found = (await http.get(f"{API}/searches/{hit}/responses")).json()
            none = (await http.get(f"{API}/searches/{miss}/responses")).json()
        assert [f["filename"] for f in found[0]["files"]] == [AIRBAG]
        assert none == []

    async def test_locked_files_and_omitted_attributes(self, tmp_path: Path) -> None:
        clock = FakeClock()
        async with open_http(create_emulator(tmp_path, clock=clock)) as http:
            sid = (await search(http, "radiohead ok computer")).json()["id"]
            clock.advance(1)
            (alice,) = (await http.get(f"{API}/searches/{sid}/responses")).json()
        assert [f["filename"] for f in alice["lockedFiles"]] == [LOCKED]
        assert LOCKED not in [f["filename"] for f in alice["files"]]
        assert (alice["fileCount"], alice["lockedFileCount"]) == (2, 1)
        airbag = next(f for f in alice["files"] if f["filename"] == AIRBAG)
        assert airbag["extension"] == ""
        assert "bitRate" not in airbag
        assert "sampleRate" not in airbag
        assert "freeUploadSlots" not in alice
        assert "attributes" not in airbag
        for key in ("hasFreeUploadSlot", "queueLength", "uploadSpeed", "token"):
            assert key in alice

    async def test_cancel_and_delete(self, tmp_path: Path) -> None:
        async with open_http(create_emulator(tmp_path)) as http:
            sid = (await search(http, "karma")).json()["id"]
            assert (await http.put(f"{API}/searches/{sid}")).status_code == 204
            cancelled = (await http.get(f"{API}/searches/{sid}")).json()
            assert cancelled["state"] == "Completed, Cancelled"
            assert (await http.delete(f"{API}/searches/{sid}")).status_code == 204
            assert (await http.get(f"{API}/searches/{sid}")).status_code == 404

    async def test_network_file_reloads_on_change(self, tmp_path: Path) -> None:
        clock = FakeClock()
        app = create_emulator(tmp_path, clock=clock)
        extra = {"filename": "@@carol\\New\\Brand New Song.flac", "size": 10}
        network = create_network(carol=create_peer(files=[extra]))
        async with open_http(app) as http:
            write_network(tmp_path / "network.json", network)
            sid = (await search(http, "brand new song")).json()["id"]
            clock.advance(1)
            responses = (await http.get(f"{API}/searches/{sid}/responses")).json()
        assert [r["username"] for r in responses] == ["carol"]


class TestEnqueue:
    async def test_legacy_body_depends_on_version(self, tmp_path: Path) -> None:
        files = [{"filename": KARMA, "size": 60_000}]
        async with open_http(create_emulator(tmp_path / "a", version="0.22")) as http:
            old = await http.post(f"{API}/transfers/downloads/alice", json=files)
        async with open_http(create_emulator(tmp_path / "b", version="0.24")) as http:
            new = await http.post(f"{API}/transfers/downloads/alice", json=files)
        assert (old.status_code, old.content) == (201, b"")
        assert new.status_code == 201
        assert [t["filename"] for t in new.json()["enqueued"]] == [KARMA]
        assert new.json()["failed"] == []

    async def test_traversal_is_400_only_on_026(self, tmp_path: Path) -> None:
        files = [{"filename": "@@alice\\..\\..\\etc\\passwd", "size": 1}]
        async with open_http(create_emulator(tmp_path / "a", version="0.26")) as http:
            assert (
                await http.post(f"{API}/transfers/downloads/alice", json=files)
            ).status_code == 400
        async with open_http(create_emulator(tmp_path / "b", version="0.24")) as http:
            assert (
                await http.post(f"{API}/transfers/downloads/alice", json=files)
            ).status_code == 201

    async def test_three_concurrent_legacy_enqueues_get_one_429(self, tmp_path: Path) -> None:
        async with open_http(create_emulator(tmp_path)) as http:
            answers = await asyncio.gather(
                *(
                    http.post(f"{API}/transfers/downloads/alice", json=[{"filename": n, "size": 1}])
                    for n in (KARMA, AIRBAG, LOCKED)
                )
            )
        assert sorted(a.status_code for a in answers) == [201, 201, 429]

    async def test_batch_statuses_and_409_on_reused_id(self, tmp_path: Path) -> None:
        batch_id = str(uuid.uuid4())
        body = {"id": batch_id, "username": "alice", "files": [{"filename": KARMA, "size": 60_000}]}
        async with open_http(create_emulator(tmp_path)) as http:
            created = await http.post(f"{API}/transfers/downloads/batches", json=body)
            again = await http.post(f"{API}/transfers/downloads/batches", json=body)
            partial_body = {
                "username": "alice",
                "files": [{"filename": KARMA, "size": 60_000}, {"filename": AIRBAG, "size": 5}],
            }
            partial = await http.post(f"{API}/transfers/downloads/batches", json=partial_body)
            offline = {**body, "id": str(uuid.uuid4()), "username": "nobody"}
            missing = await http.post(f"{API}/transfers/downloads/batches", json=offline)
        assert created.status_code == 201
        assert created.json()["batch"]["transfers"][0]["batchId"] == batch_id
        assert again.status_code == 409
        assert partial.status_code == 207
        assert [f["filename"] for f in partial.json()["failures"]] == [KARMA]
        assert missing.status_code == 404

    async def test_batches_exist_only_on_026(self, tmp_path: Path) -> None:
        body = {"username": "alice", "files": [{"filename": KARMA, "size": 60_000}]}
        async with open_http(create_emulator(tmp_path, version="0.24")) as http:
            answer = await http.post(f"{API}/transfers/downloads/batches", json=body)
        assert answer.status_code == 404

    @pytest.mark.parametrize(
        ("version", "start_offset", "attempts"),
        [("0.22", True, False), ("0.24", True, False), ("0.26", False, True)],
    )
    async def test_transfer_fields_follow_the_version(
        self, tmp_path: Path, version: str, start_offset: bool, attempts: bool
    ) -> None:
        async with open_http(create_emulator(tmp_path, version=version)) as http:
            await http.post(
                f"{API}/transfers/downloads/alice", json=[{"filename": KARMA, "size": 1}]
            )
            (transfer,) = await transfers_of(http)
        assert ("startOffset" in transfer) is start_offset
        assert ("attempts" in transfer) is attempts
        assert "exception" not in transfer
        assert "endedAt" not in transfer


class TestDownloads:
    async def test_normal_download_progresses_and_writes_a_decodable_file(
        self, tmp_path: Path
    ) -> None:
        clock = FakeClock()
        network = create_network(
            alice=create_peer(
                files=[{"filename": KARMA, "size": 600_000, "length": 264}],
                speed_bytes_per_s=1_000_000,
            )
        )
        app = create_emulator(tmp_path, network, clock=clock)
        async with open_http(app) as http:
            await http.post(
                f"{API}/transfers/downloads/alice", json=[{"filename": KARMA, "size": 600_000}]
            )
            seen = []
            for _ in range(25):
                (transfer,) = await transfers_of(http)
                seen.append((transfer["state"], transfer["bytesTransferred"]))
                clock.advance(0.04)
            events = (await http.get(f"{API}/events", params={"offset": 0, "limit": 10})).json()
        states = [s for s, _ in seen]
        assert states[0] == "Queued, Remotely"
        assert "Initializing" in states
        assert "InProgress" in states
        assert states[-1] == "Completed, Succeeded"
        progress = [b for s, b in seen if s == "InProgress"]
        assert progress == sorted(progress)
        assert 0 < max(progress) < 600_000
        (event,) = events
        assert event["type"] == "DownloadFileComplete"
        data = json.loads(event["data"])
        local = Path(data["localFilename"])
        assert data["remoteFilename"] == KARMA
        assert local == tmp_path / "downloads" / "OK Computer (1997)" / "06 - Karma Police.flac"
        assert local.stat().st_size == 600_000
        assert abs(FLAC(local).info.length - 264) < 0.1

    async def test_existing_name_gets_a_suffix_and_mp3_is_decodable(self, tmp_path: Path) -> None:
        clock = FakeClock()
        app = create_emulator(tmp_path, clock=clock)
        first = tmp_path / "downloads" / "mp3" / "Radiohead - Karma Police [128].mp3"
        first.parent.mkdir(parents=True)
        first.write_bytes(b"old")
        async with open_http(app) as http:
            await http.post(
                f"{API}/transfers/downloads/bob", json=[{"filename": BOB_MP3, "size": 4_300_000}]
            )
            clock.advance(5)
            (transfer,) = await transfers_of(http)
            (event,) = (await http.get(f"{API}/events")).json()
        local = Path(json.loads(event["data"])["localFilename"])
        assert transfer["state"] == "Completed, Succeeded"
        assert local != first
        assert local.parent == first.parent
        assert local.stem.startswith("Radiohead - Karma Police [128]_")
        assert local.stat().st_size == 4_300_000
        assert abs(MP3(io.BytesIO(local.read_bytes())).info.length - 264) < 0.1
        assert first.read_bytes() == b"old"

    async def test_hostile_remote_names_stay_inside_downloads(self, tmp_path: Path) -> None:
        clock = FakeClock()
        hostile = "@@evil\\..\\..\\..\\..\\tmp\\..\\escape.flac"
        slashes = "@@evil\\a/../../b\\../../../escape2.flac"
        peer = create_peer(
            files=[
                {"filename": hostile, "size": 5000, "length": 3},
                {"filename": slashes, "size": 5000, "length": 3},
            ]
        )
        app = create_emulator(tmp_path, create_network(evil=peer), version="0.24", clock=clock)
        async with open_http(app) as http:
            files = [{"filename": hostile, "size": 5000}, {"filename": slashes, "size": 5000}]
            assert (
                await http.post(f"{API}/transfers/downloads/evil", json=files)
            ).status_code == 201
            clock.advance(5)
            events = (await http.get(f"{API}/events")).json()
        downloads = (tmp_path / "downloads").resolve()
        written = [Path(json.loads(e["data"])["localFilename"]).resolve() for e in events]
        assert len(written) == 2
        assert all(p.is_relative_to(downloads) and p.is_file() for p in written)
        assert not list(tmp_path.glob("escape*"))

    async def test_remove_hides_a_cancelled_transfer(self, tmp_path: Path) -> None:
        async with open_http(create_emulator(tmp_path)) as http:
            await http.post(
                f"{API}/transfers/downloads/alice", json=[{"filename": KARMA, "size": 1}]
            )
            (transfer,) = await transfers_of(http)
            url = f"{API}/transfers/downloads/alice/{transfer['id']}"
            assert (await http.delete(url)).status_code == 204
            assert (await http.get(url)).json()["state"] == "Completed, Cancelled"
            assert (await http.delete(url, params={"remove": "true"})).status_code == 204
            assert (await http.get(url)).status_code == 404
            assert (await http.get(f"{API}/transfers/downloads/alice")).status_code == 404
