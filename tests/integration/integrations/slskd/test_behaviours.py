"""Peer behaviours and injected faults, seen through the slskd client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mutagen.flac import FLAC, FLACNoHeaderError
from mutagen.flac import error as flac_error

from tests.integration.emulators.slskd_factories import (
    KARMA,
    FakeClock,
    create_network,
    create_peer,
)
from tests.integration.integrations.slskd.helpers import follow, open_client
from tonearm.integrations.slskd import (
    FileToDownload,
    SlskdRateLimited,
    SlskdServerError,
    SlskdUnavailable,
    local_path_for,
)

SIZE = 80_000
FILES = [FileToDownload(filename=KARMA, size=SIZE)]


def network_with(behaviour: str, **extra: object) -> dict[str, object]:
    peer = create_peer(behaviour, [{"filename": KARMA, "size": SIZE, "length": 30}], **extra)
    return create_network(alice=peer)


async def test_stall_stays_in_progress_without_progress(tmp_path: Path) -> None:
    clock = FakeClock()
    async with open_client(tmp_path, network_with("stall"), clock=clock) as client:
        (transfer,) = (await client.enqueue_download("alice", FILES)).transfers
        seen = await follow(client, clock, "alice", transfer.id, steps=100)
    assert seen[-1].state == "InProgress"
    assert {t.bytes_transferred for t in seen} == {0}


async def test_error_is_retried_by_slskd_before_the_final_failure(tmp_path: Path) -> None:
    clock = FakeClock()
    async with open_client(tmp_path, network_with("error"), clock=clock) as client:
        version = await client.get_version()
        (transfer,) = (await client.enqueue_download("alice", FILES)).transfers
        seen = await follow(client, clock, "alice", transfer.id, steps=80)
    assert "Queued, Locally" in [t.state for t in seen]
    assert max(t.attempts or 0 for t in seen) == 3
    finals = [t for t in seen if t.parsed_state.is_final(version, t.attempts)]
    assert finals
    assert finals[0].state == "Completed, Errored"
    assert finals[0].attempts == 3
    interim = [t for t in seen if t.state == "Completed, Errored" and t.attempts != 3]
    assert interim
    assert not any(t.parsed_state.is_final(version, t.attempts) for t in interim)


async def test_error_on_024_fails_once(tmp_path: Path) -> None:
    clock = FakeClock()
    async with open_client(tmp_path, network_with("error"), "0.24", clock) as client:
        version = await client.get_version()
        transfer = (await client.enqueue_download("alice", FILES)).transfers[0]
        seen = await follow(client, clock, "alice", transfer.id, steps=20)
    assert seen[-1].state == "Completed, Errored"
    assert seen[-1].parsed_state.is_final(version, seen[-1].attempts)


@pytest.mark.parametrize(
    ("reason", "limit"), [("Daily download limit reached", True), ("File not shared.", False)]
)
async def test_reject_carries_the_peers_reason(tmp_path: Path, reason: str, limit: bool) -> None:
    clock = FakeClock()
    network = network_with("reject", reject_reason=reason)
    async with open_client(tmp_path, network, clock=clock) as client:
        transfer = (await client.enqueue_download("alice", FILES)).transfers[0]
        final = (await follow(client, clock, "alice", transfer.id, steps=10))[-1]
    assert final.state == "Completed, Rejected"
    assert final.exception == reason
    assert final.parsed_state.is_final((0, 26), final.attempts)
    assert final.parsed_state.is_limit_rejection(final.exception) is limit


async def test_offline_peer_legacy_transfer_ends_errored(tmp_path: Path) -> None:
    clock = FakeClock()
    async with open_client(tmp_path, network_with("offline"), "0.22", clock) as client:
        await client.enqueue_download("alice", FILES)
        clock.advance(5)
        transfer = await client.find_transfer("alice", KARMA)
    assert transfer is not None
    assert transfer.state == "Completed, Errored"
    assert "offline" in (transfer.exception or "")


async def test_truncate_reports_success_but_writes_a_cut_off_file(tmp_path: Path) -> None:
    clock = FakeClock()
    async with open_client(tmp_path, network_with("truncate"), clock=clock) as client:
        await client.enqueue_download("alice", FILES)
        clock.advance(5)
        transfer = await client.find_transfer("alice", KARMA)
        (event,) = await client.get_events()
    assert transfer is not None
    assert transfer.parsed_state.is_succeeded
    path = local_path_for(event, tmp_path / "downloads")
    assert path is not None
    assert 0 < path.stat().st_size < SIZE
    with pytest.raises((flac_error, FLACNoHeaderError)):
        FLAC(path)


class TestFaults:
    async def test_dropped_connection_is_unavailable(self, tmp_path: Path) -> None:
        faults = tmp_path / "faults.json"
        faults.write_text(json.dumps({"rules": [{"match": "GET /api/v0/server", "drop": True}]}))
        async with open_client(tmp_path, faults=faults) as client:
            with pytest.raises(SlskdUnavailable):
                await client.get_server_state()

    async def test_server_error_and_rate_limit_are_typed(self, tmp_path: Path) -> None:
        rules = [
            {"match": "GET /api/v0/transfers/downloads", "status": 500, "times": 1},
            {"match": "GET /api/v0/events", "status": 429, "retry_after": 7},
        ]
        faults = tmp_path / "faults.json"
        faults.write_text(json.dumps(rules))
        async with open_client(tmp_path, faults=faults) as client:
            with pytest.raises(SlskdServerError):
                await client.list_downloads()
            assert await client.list_downloads() == []
            with pytest.raises(SlskdRateLimited) as caught:
                await client.get_events()
        assert caught.value.retry_after == 7
