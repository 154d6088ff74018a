"""A transfer's timeline as a pure function of the time elapsed since it was requested."""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["Snapshot", "TransferPlan", "snapshot_at"]

QUEUED_S = 0.05
INITIALIZING_S = 0.05
ERROR_AFTER_S = 0.05
RETRY_SHOWN_S = 0.05
RETRY_WAIT_S = 0.1
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class TransferPlan:
    """What will happen to a transfer, fixed when it is enqueued."""

    behaviour: str
    size: int
    speed: int
    retries: bool
    exception: str | None = None
    place_in_queue: int = 1
    fail_after_bytes: int = 0  # "vanish": bytes sent before the peer goes offline
    retry_exception: str | None = None  # "vanish": why slskd's own retries fail


@dataclass(frozen=True)
class Snapshot:
    """The observable state of a transfer at one instant (monotonic seconds)."""

    state: str
    bytes_transferred: int = 0
    enqueued_at: float | None = None
    started_at: float | None = None
    ended_at: float | None = None
    attempts: int = 0
    next_attempt_at: float | None = None
    exception: str | None = None
    place_in_queue: int | None = None
    average_speed: float = 0.0
    elapsed_ms: float | None = None
    remaining_ms: float | None = None

    @property
    def is_final(self) -> bool:
        """Completed with no retry scheduled."""
        return self.state.startswith("Completed") and self.next_attempt_at is None

    def cancelled(self, at: float) -> Snapshot:
        """This snapshot, cancelled by the user at `at`."""
        return replace(
            self,
            state="Completed, Cancelled",
            ended_at=at,
            next_attempt_at=None,
            exception="Operation cancelled",
            place_in_queue=None,
            remaining_ms=None,
        )


def snapshot_at(plan: TransferPlan, elapsed: float, origin: float) -> Snapshot:
    """Where the transfer stands `elapsed` seconds after it was requested at `origin`."""
    if plan.behaviour == "reject":
        return _rejected(plan, elapsed, origin)
    if plan.behaviour in {"error", "offline", "vanish"}:
        return _failing(plan, elapsed, origin)
    return _attempt(plan, elapsed, origin, attempt=1)


def _queued(plan: TransferPlan, origin: float, attempt: int, state: str) -> Snapshot:
    return Snapshot(
        state=state,
        enqueued_at=origin,
        attempts=attempt,
        place_in_queue=plan.place_in_queue if state == "Queued, Remotely" else None,
    )


def _rejected(plan: TransferPlan, elapsed: float, origin: float) -> Snapshot:
    if elapsed < QUEUED_S:
        return _queued(plan, origin, 1, "Queued, Remotely")
    return Snapshot(
        state="Completed, Rejected",
        enqueued_at=origin,
        ended_at=origin + QUEUED_S,
        attempts=1,
        exception=plan.exception,
    )


def _attempt(plan: TransferPlan, elapsed: float, origin: float, attempt: int) -> Snapshot:
    """One attempt of a transfer that (unless it stalls) runs to completion."""
    if elapsed < QUEUED_S:
        return _queued(plan, origin, attempt, "Queued, Remotely")
    if elapsed < QUEUED_S + INITIALIZING_S:
        return Snapshot(state="Initializing", enqueued_at=origin, attempts=attempt)
    started = origin + QUEUED_S + INITIALIZING_S
    running = elapsed - QUEUED_S - INITIALIZING_S
    duration = plan.size / plan.speed
    if plan.behaviour == "stall":
        return _progress(plan, started, running, 0, attempt, origin)
    if running < duration:
        done = min(plan.size - 1, int(running * plan.speed)) if plan.size else 0
        return _progress(plan, started, running, done, attempt, origin)
    return Snapshot(
        state="Completed, Succeeded",
        bytes_transferred=plan.size,
        enqueued_at=origin,
        started_at=started,
        ended_at=started + duration,
        attempts=attempt,
        average_speed=float(plan.speed),
        elapsed_ms=duration * 1000,
        remaining_ms=0.0,
    )


def _progress(
    plan: TransferPlan, started: float, running: float, done: int, attempt: int, origin: float
) -> Snapshot:
    speed = done / running if running > 0 else 0.0
    remaining = (plan.size - done) / plan.speed * 1000 if done else None
    return Snapshot(
        state="InProgress",
        bytes_transferred=done,
        enqueued_at=origin,
        started_at=started,
        attempts=attempt,
        average_speed=speed,
        elapsed_ms=running * 1000,
        remaining_ms=remaining,
    )


def _failing(plan: TransferPlan, elapsed: float, origin: float) -> Snapshot:
    """Attempts that each fail; since 0.25 slskd retries them itself before giving up."""
    attempts = MAX_ATTEMPTS if plan.retries else 1
    start = 0.0
    for attempt in range(1, attempts + 1):
        fail_at = start + _run_s(plan, attempt)
        if elapsed < fail_at:
            return _failing_attempt(plan, elapsed - start, origin + start, attempt)
        last = attempt == attempts
        next_at = None if last else origin + fail_at + RETRY_SHOWN_S + RETRY_WAIT_S
        if last or elapsed < fail_at + RETRY_SHOWN_S:
            return Snapshot(
                state="Completed, Errored",
                enqueued_at=origin + start,
                ended_at=origin + fail_at,
                attempts=attempt,
                next_attempt_at=next_at,
                exception=_exception(plan, attempt),
            )
        if elapsed < fail_at + RETRY_SHOWN_S + RETRY_WAIT_S:
            snap = _queued(plan, origin + start, attempt, "Queued, Locally")
            return replace(snap, next_attempt_at=next_at)
        start = fail_at + RETRY_SHOWN_S + RETRY_WAIT_S
    raise AssertionError("unreachable")


def _peer_gone(plan: TransferPlan, attempt: int) -> bool:
    """Offline from the start, or a vanished peer that slskd tries again."""
    return plan.behaviour == "offline" or (plan.behaviour == "vanish" and attempt > 1)


def _run_s(plan: TransferPlan, attempt: int) -> float:
    """How long a failing attempt lasts before slskd reports it as errored."""
    if _peer_gone(plan, attempt):
        return QUEUED_S
    if plan.behaviour == "vanish":
        return QUEUED_S + INITIALIZING_S + plan.fail_after_bytes / plan.speed
    return QUEUED_S + INITIALIZING_S + ERROR_AFTER_S


def _exception(plan: TransferPlan, attempt: int) -> str | None:
    if plan.behaviour == "vanish" and attempt > 1:
        return plan.retry_exception
    return plan.exception


def _failing_attempt(plan: TransferPlan, elapsed: float, origin: float, attempt: int) -> Snapshot:
    if _peer_gone(plan, attempt):
        return _queued(plan, origin, attempt, "Requested")
    if elapsed < QUEUED_S + INITIALIZING_S:
        return _attempt(plan, elapsed, origin, attempt)
    running = elapsed - QUEUED_S - INITIALIZING_S
    sent = plan.fail_after_bytes if plan.behaviour == "vanish" else plan.size // 3
    done = min(sent, int(running * plan.speed))
    return _progress(plan, origin + QUEUED_S + INITIALIZING_S, running, done, attempt, origin)
