"""The slskd client against the emulator in process."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest

from tests.integration.emulators.slskd_factories import (
    AIRBAG,
    BOB_MP3,
    KARMA,
    FakeClock,
    create_network,
)
from tests.integration.integrations.slskd.helpers import open_client
from tonearm.integrations.slskd import (
    FileToDownload,
    SlskdAuthError,
    SlskdClient,
    SlskdConcurrencyLimited,
    SlskdNotFound,
    SlskdSearchTimeout,
    TransferState,
    local_path_for,
)


class TestApplication:
    async def test_version_and_server(self, client: SlskdClient) -> None:
        info = await client.get_application()
        state = await client.get_server_state()
        assert info.version.number == (0, 26, 0)
        assert await client.get_version() == (0, 26, 0)
        assert state.is_logged_in

    async def test_wrong_key_is_an_auth_error(self, http: httpx.AsyncClient) -> None:
        client = SlskdClient(http, "http://slskd.test", "wrong")
        with pytest.raises(SlskdAuthError):
            await client.get_server_state()


class TestSearch:
    async def test_search_wait_and_responses(self, client: SlskdClient, clock: FakeClock) -> None:
        created = await client.create_search("radiohead karma police", search_timeout_ms=8000)
        assert not created.completed
        clock.advance(1)
        done = await client.wait_for_search(created.id, deadline_s=2, poll_interval=0.01)
        responses = await client.get_responses(created.id)
        assert done.state == "Completed, TimedOut"
        by_user = {r.username: r for r in responses}
        assert [f.filename for f in by_user["alice"].files] == [KARMA]
        assert by_user["bob"].files[0].bit_rate == 128
        assert by_user["alice"].files[0].bit_rate is None
        assert by_user["bob"].files[0].suffix == "mp3"
        await client.delete_search(created.id)
        with pytest.raises(SlskdNotFound):
            await client.get_search(created.id)

    async def test_search_that_never_completes_times_out_and_is_cancelled(
        self, client: SlskdClient
    ) -> None:
        search = await client.create_search("karma")
        with pytest.raises(SlskdSearchTimeout):
            await client.wait_for_search(search.id, deadline_s=0.1, poll_interval=0.02)
        assert (await client.get_search(search.id)).state == "Completed, Cancelled"

    async def test_concurrent_create_maps_to_concurrency_limited(self, client: SlskdClient) -> None:
        results = await asyncio.gather(
            client.create_search("karma"), client.create_search("airbag"), return_exceptions=True
        )
        assert sum(isinstance(r, SlskdConcurrencyLimited) for r in results) == 1

    async def test_empty_responses_right_after_completion_are_read_twice(
        self, client: SlskdClient, clock: FakeClock, sent: list[httpx.Request]
    ) -> None:
        search = await client.create_search("nothing matches this")
        clock.advance(1)
        assert await client.get_responses(search.id) == []
        paths = [r.url.path for r in sent if r.url.path.endswith("/responses")]
        assert len(paths) == 2

    async def test_sends_search_timeout_in_milliseconds(
        self, client: SlskdClient, sent: list[httpx.Request]
    ) -> None:
        await client.create_search("karma", search_timeout_ms=12000, id=str(uuid.uuid4()))
        body = httpx.Response(200, content=sent[-1].content).json()
        assert body["searchTimeout"] == 12000
        assert "timeout" not in body


class TestEnqueue:
    async def test_batch_enqueue_is_idempotent_by_batch_id(self, client: SlskdClient) -> None:
        batch_id = str(uuid.uuid4())
        files = [FileToDownload(filename=KARMA, size=60_000)]
        first = await client.enqueue_download("alice", files, batch_id=batch_id)
        replay = await client.enqueue_download("alice", files, batch_id=batch_id)
        assert first.route == "batch"
        assert not first.already_enqueued
        assert replay.already_enqueued
        assert [t.id for t in replay.transfers] == [t.id for t in first.transfers]

    @pytest.mark.parametrize("version", ["0.22", "0.24"])
    async def test_legacy_enqueue_confirms_through_get(self, tmp_path: Path, version: str) -> None:
        async with open_client(tmp_path, version=version) as client:
            result = await client.enqueue_download(
                "alice", [FileToDownload(filename=AIRBAG, size=50_000)]
            )
            found = await client.find_transfer("alice", AIRBAG)
        assert result.route == "legacy"
        assert found is not None
        assert [t.id for t in result.transfers] == [found.id]
        assert found.attempts is None

    async def test_download_to_local_path_through_events(
        self, tmp_path: Path, clock: FakeClock
    ) -> None:
        async with open_client(tmp_path, clock=clock) as client:
            await client.enqueue_download("bob", [FileToDownload(filename=BOB_MP3, size=4_300_000)])
            clock.advance(5)
            transfer = await client.find_transfer("bob", BOB_MP3)
            events = await client.get_events(0, 100)
            users = await client.list_downloads()
        assert transfer is not None
        assert transfer.parsed_state.is_succeeded
        assert [u.username for u in users] == ["bob"]
        # Tonearm sees slskd's folder at another mount point: only the tail is trusted.
        mount = tmp_path / "mount"
        (tmp_path / "downloads").rename(mount)
        path = local_path_for(events[0], mount)
        assert path is not None
        assert path.stat().st_size == 4_300_000
        assert local_path_for(transfer, mount) == path

    async def test_cancel_and_remove(self, client: SlskdClient) -> None:
        result = await client.enqueue_download("alice", [FileToDownload(filename=KARMA, size=1)])
        transfer_id = result.transfers[0].id
        await client.cancel_download("alice", transfer_id)
        cancelled = await client.get_download("alice", transfer_id)
        await client.cancel_download("alice", transfer_id, remove=True)
        assert TransferState.parse(cancelled.state).is_failed
        assert await client.find_transfer("alice", KARMA) is None


async def test_unknown_user_batch_is_not_found(tmp_path: Path) -> None:
    async with open_client(tmp_path, create_network()) as client:
        with pytest.raises(SlskdNotFound):
            await client.enqueue_download("nobody", [FileToDownload(filename=KARMA, size=1)])
