"""Download transfers whose state is a pure function of elapsed time (no sleeping).

A transfer's timeline is derived from its peer's behaviour when it was enqueued; every read
computes the snapshot for "now". Finished downloads are written once, on the first read
that observes them, and announced as `DownloadFileComplete` events.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import file_content, write_download
from .network import NetworkFile
from .timing import Snapshot, TransferPlan, snapshot_at
from .wire import Timeline, without_nulls

__all__ = ["EventRecord", "TransferRecord", "TransferStore"]


@dataclass
class TransferRecord:
    """One download as slskd tracks it."""

    username: str
    filename: str
    size: int
    plan: TransferPlan
    requested_at: float
    item: NetworkFile | None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    batch_id: str | None = None
    destination: str | None = None
    cancelled_at: float | None = None
    removed: bool = False
    local_path: Path | None = None

    def snapshot(self, now: float) -> Snapshot:
        """State at `now`, honouring a cancellation."""
        if self.cancelled_at is None or self.cancelled_at > now:
            return snapshot_at(self.plan, now - self.requested_at, self.requested_at)
        before = snapshot_at(self.plan, self.cancelled_at - self.requested_at, self.requested_at)
        if before.is_final:
            return before
        return before.cancelled(self.cancelled_at)


@dataclass
class EventRecord:
    """An entry of slskd's event log."""

    id: str
    at: float
    type: str
    data: dict[str, Any]


class TransferStore:
    """Every transfer of the emulator plus its event log."""

    def __init__(self, timeline: Timeline, downloads_dir: Path) -> None:
        self.timeline = timeline
        self.downloads_dir = downloads_dir
        self.transfers: dict[str, TransferRecord] = {}
        self.events: list[EventRecord] = []

    def add(self, record: TransferRecord) -> None:
        """Track a newly enqueued transfer."""
        self.transfers[record.id] = record

    def active(self, username: str, filename: str) -> TransferRecord | None:
        """A visible, unfinished transfer of the same file from the same peer."""
        now = self.timeline.now()
        for record in self.transfers.values():
            same = record.username == username and record.filename == filename
            if same and not record.removed and not record.snapshot(now).is_final:
                return record
        return None

    def visible(self, username: str | None = None) -> list[TransferRecord]:
        """Transfers not removed, optionally of one peer."""
        return [
            r
            for r in self.transfers.values()
            if not r.removed and (username is None or r.username == username)
        ]

    def advance(self, base_dir: Path, version: tuple[int, int]) -> None:
        """Write the files of transfers that finished since the last look."""
        now = self.timeline.now()
        for record in self.transfers.values():
            if record.local_path is not None or record.item is None:
                continue
            snap = record.snapshot(now)
            if snap.state == "Completed, Succeeded":
                self._complete(record, snap, base_dir, version)

    def _complete(
        self, record: TransferRecord, snap: Snapshot, base_dir: Path, version: tuple[int, int]
    ) -> None:
        item = record.item
        if item is None:
            return
        content = file_content(item, base_dir, cut_off=record.plan.behaviour == "truncate")
        record.local_path = write_download(
            self.downloads_dir, record.filename, content, record.destination
        )
        data = {
            "localFilename": str(record.local_path),
            "remoteFilename": record.filename,
            "transfer": transfer_to_wire(record, snap, self.timeline, version),
        }
        at = snap.ended_at or self.timeline.now()
        self.events.append(EventRecord(str(uuid.uuid4()), at, "DownloadFileComplete", data))

    def event_page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Events in order, paged, with `data` as a JSON string like slskd stores it."""
        return [
            {
                "id": e.id,
                "timestamp": self.timeline.stamp(e.at),
                "type": e.type,
                "data": json.dumps(without_nulls(e.data), ensure_ascii=False),
            }
            for e in self.events[offset : offset + limit]
        ]


def transfer_to_wire(
    record: TransferRecord, snap: Snapshot, timeline: Timeline, version: tuple[int, int]
) -> dict[str, Any]:
    """The Transfer object for `version` (startOffset up to 0.25, attempts/batchId since)."""
    stamp = timeline.stamp
    wire: dict[str, Any] = {
        "id": record.id,
        "username": record.username,
        "direction": "Download",
        "filename": record.filename,
        "size": record.size,
        "startOffset": 0 if version <= (0, 25) else None,
        "state": snap.state,
        "requestedAt": stamp(record.requested_at),
        "enqueuedAt": None if snap.enqueued_at is None else stamp(snap.enqueued_at),
        "startedAt": None if snap.started_at is None else stamp(snap.started_at),
        "endedAt": None if snap.ended_at is None else stamp(snap.ended_at),
        "bytesTransferred": snap.bytes_transferred,
        "averageSpeed": snap.average_speed,
        "bytesRemaining": record.size - snap.bytes_transferred,
        "percentComplete": _percent(snap.bytes_transferred, record.size),
        "placeInQueue": snap.place_in_queue,
        "exception": snap.exception,
        "elapsedTime": snap.elapsed_ms,
        "remainingTime": snap.remaining_ms,
        "removed": record.removed,
    }
    if version >= (0, 25):
        wire["attempts"] = snap.attempts
        next_at = snap.next_attempt_at
        wire["nextAttemptAt"] = None if next_at is None else stamp(next_at)
        wire["batchId"] = record.batch_id
    return wire


def _percent(done: int, size: int) -> float:
    return 100.0 if size == 0 else round(done * 100.0 / size, 3)
