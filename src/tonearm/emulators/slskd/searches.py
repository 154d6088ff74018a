"""Search state machine: Requested -> InProgress -> Completed, advanced lazily by the clock."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from .network import Network, NetworkFile, Peer, matches_query
from .wire import Timeline

__all__ = ["SearchOptions", "SearchRecord", "SearchStore"]

_tokens = itertools.count(1000)


@dataclass
class SearchOptions:
    """The filters of a search request (slskd's defaults)."""

    response_limit: int = 250
    file_limit: int = 25000
    filter_responses: bool = True
    minimum_response_file_count: int = 1
    minimum_peer_upload_speed: int = 0
    maximum_peer_queue_length: int = 1_000_000


@dataclass
class SearchRecord:
    """One search and what it found."""

    id: str
    search_text: str
    options: SearchOptions
    created_at: float
    token: int = field(default_factory=lambda: next(_tokens))
    state: str = "Requested"
    started_at: float | None = None
    ends_at: float | None = None
    ended_at: float | None = None
    responses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        """slskd's `isComplete`: the state carries the Completed flag."""
        return self.state.startswith("Completed")

    def to_wire(self, timeline: Timeline) -> dict[str, Any]:
        """The search object as slskd serialises it (null fields dropped later)."""
        files = sum(r["fileCount"] for r in self.responses)
        locked = sum(r["lockedFileCount"] for r in self.responses)
        return {
            "id": self.id,
            "searchText": self.search_text,
            "state": self.state,
            "isComplete": self.is_complete,
            "responseCount": len(self.responses),
            "fileCount": files,
            "lockedFileCount": locked,
            "startedAt": timeline.stamp(self.created_at),
            "endedAt": None if self.ended_at is None else timeline.stamp(self.ended_at),
            "token": self.token,
        }


def file_to_wire(item: NetworkFile) -> dict[str, Any]:
    """A File object: `extension` left empty as most clients send it, attributes only if known."""
    return {
        "filename": item.filename,
        "size": item.size,
        "extension": "",
        "code": 1,
        "bitRate": item.bit_rate,
        "bitDepth": item.bit_depth,
        "sampleRate": item.sample_rate,
        "length": item.length,
        "isVariableBitRate": item.is_variable_bit_rate,
        "isLocked": item.is_locked,
    }


def _peer_response(name: str, peer: Peer, text: str, token: int) -> dict[str, Any] | None:
    hits = [f for f in peer.files if matches_query(f.filename, text)]
    if not hits:
        return None
    free = [file_to_wire(f) for f in hits if not f.is_locked]
    locked = [file_to_wire(f) for f in hits if f.is_locked]
    return {
        "username": name,
        "fileCount": len(free),
        "files": free,
        "lockedFileCount": len(locked),
        "lockedFiles": locked,
        "hasFreeUploadSlot": peer.has_free_upload_slot,
        "queueLength": peer.queue_length,
        "uploadSpeed": peer.upload_speed,
        "token": token,
    }


def _accepts(response: dict[str, Any], options: SearchOptions) -> bool:
    if not options.filter_responses:
        return True
    return bool(
        response["fileCount"] >= options.minimum_response_file_count
        and response["uploadSpeed"] >= options.minimum_peer_upload_speed
        and response["queueLength"] <= options.maximum_peer_queue_length
    )


def collect_responses(network: Network, search: SearchRecord) -> tuple[list[dict[str, Any]], str]:
    """Responses of every matching peer, with the Completed reason the limits imply."""
    responses: list[dict[str, Any]] = []
    files = 0
    for name, peer in network.users.items():
        response = _peer_response(name, peer, search.search_text, search.token)
        if response is None or not _accepts(response, search.options):
            continue
        responses.append(response)
        files += response["fileCount"]
        if len(responses) >= search.options.response_limit:
            return responses, "Completed, ResponseLimitReached"
        if files >= search.options.file_limit:
            return responses, "Completed, FileLimitReached"
    return responses, "Completed, TimedOut"


class SearchStore:
    """All searches of the emulator; `advance` moves them along the clock."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.searches: dict[str, SearchRecord] = {}

    def add(self, record: SearchRecord) -> None:
        """Register a new search (it starts `Requested`)."""
        self.searches[record.id] = record

    def advance(self, network: Network, max_running: int | None) -> None:
        """Start waiting searches when slots are free and finish those whose time is up."""
        now = self.timeline.now()
        self._start_waiting(network, max_running, free_since=float("-inf"))
        while True:
            running = sorted(self._in_state("InProgress"), key=lambda s: s.ends_at or 0.0)
            if not running or (running[0].ends_at or 0.0) > now:
                return
            first = running[0]
            ended = first.ends_at or now
            self.finish(network, first, None, ended)
            self._start_waiting(network, max_running, free_since=ended)

    def finish(self, network: Network, search: SearchRecord, state: str | None, at: float) -> None:
        """Complete a search at `at`; its responses appear now."""
        search.responses, natural = collect_responses(network, search)
        search.state = state or natural
        search.ended_at = at

    def _in_state(self, state: str) -> list[SearchRecord]:
        return [s for s in self.searches.values() if s.state == state]

    def _start_waiting(self, network: Network, max_running: int | None, free_since: float) -> None:
        now = self.timeline.now()
        for search in self._in_state("Requested"):
            if max_running is not None and len(self._in_state("InProgress")) >= max_running:
                return
            start = max(search.created_at, free_since)
            if start > now:
                return
            search.state = "InProgress"
            search.started_at = start
            search.ends_at = start + network.search_delay_ms / 1000
