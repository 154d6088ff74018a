"""A transfer's timeline depends only on elapsed time and its plan."""

from __future__ import annotations

from tonearm.emulators.slskd.timing import TransferPlan, snapshot_at


def states(plan: TransferPlan, until: float, step: float = 0.01) -> list[str]:
    seen: list[str] = []
    for i in range(int(until / step)):
        state = snapshot_at(plan, i * step, 0.0).state
        if not seen or seen[-1] != state:
            seen.append(state)
    return seen


def test_normal_goes_through_every_phase() -> None:
    plan = TransferPlan("normal", 1000, 10_000, retries=True)
    assert states(plan, 1) == [
        "Queued, Remotely",
        "Initializing",
        "InProgress",
        "Completed, Succeeded",
    ]


def test_error_with_retries_alternates_then_fails() -> None:
    plan = TransferPlan("error", 1000, 10_000, retries=True, exception="boom")
    seen = states(plan, 3)
    assert seen.count("Queued, Locally") == 2
    assert seen[-1] == "Completed, Errored"
    final = snapshot_at(plan, 10, 0.0)
    assert (final.attempts, final.is_final) == (3, True)


def test_error_without_retries_fails_once() -> None:
    plan = TransferPlan("error", 1000, 10_000, retries=False)
    assert "Queued, Locally" not in states(plan, 3)
    assert snapshot_at(plan, 10, 0.0).attempts == 1


def test_cancel_freezes_progress() -> None:
    plan = TransferPlan("stall", 1000, 10_000, retries=True)
    snap = snapshot_at(plan, 0.5, 0.0).cancelled(0.5)
    assert snap.state == "Completed, Cancelled"
    assert snap.is_final


def test_a_vanishing_peer_sends_part_of_the_file_then_is_offline_for_every_retry() -> None:
    plan = TransferPlan(
        "vanish",
        1000,
        10_000,
        retries=True,
        exception="Remote connection closed",
        fail_after_bytes=400,
        retry_exception="User ghost appears to be offline",
    )
    progress = [snapshot_at(plan, i * 0.01, 0.0) for i in range(300)]
    running = [s.bytes_transferred for s in progress if s.state == "InProgress"]
    assert 300 <= max(running) <= 400  # never more than it sent before vanishing
    first = next(s for s in progress if s.state == "Completed, Errored")
    assert (first.attempts, first.exception) == (1, "Remote connection closed")
    assert first.next_attempt_at is not None  # slskd tries again itself (0.25+)
    assert "Requested" in states(plan, 3)
    final = snapshot_at(plan, 10, 0.0)
    assert (final.state, final.attempts, final.is_final) == ("Completed, Errored", 3, True)
    assert final.exception == "User ghost appears to be offline"
