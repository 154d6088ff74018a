"""What an import is made of: entries (a track or a Spotify link) and skip reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tonearm.domain.catalog import TrackCandidate

__all__ = ["Entry", "ParseResult", "SkipReason", "Skipped"]

SkipReason = Literal["invalid", "duplicate", "unsupported", "too_many", "empty"]


@dataclass(frozen=True)
class Skipped:
    """An input value that was not accepted, and why."""

    value: str
    reason: SkipReason
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        """The API shape."""
        out = {"value": self.value[:300], "reason": self.reason}
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class Entry:
    """One accepted import entry: a described track, or a Spotify link to expand."""

    value: str
    candidate: TrackCandidate | None = None
    link_kind: str | None = None
    link_id: str | None = None

    @property
    def track(self) -> TrackCandidate:
        """The described track (a bare placeholder for album/playlist links)."""
        return self.candidate or TrackCandidate(title=self.value)

    @property
    def dedupe_key(self) -> str:
        """Two entries with the same key are the same request."""
        if self.link_kind:
            return f"link:{self.link_kind}:{self.link_id}"
        candidate = self.track
        if candidate.spotify_id:
            return f"link:track:{candidate.spotify_id}"
        return f"key:{candidate.match_key}"

    def as_dict(self) -> dict[str, Any]:
        """Stored form (JSON)."""
        if self.link_kind:
            return {"value": self.value, "link": {"kind": self.link_kind, "id": self.link_id}}
        c = self.track
        return {
            "value": self.value,
            "track": {
                "title": c.title,
                "artists": c.artists,
                "album": c.album,
                "duration_ms": c.duration_ms,
                "isrc": c.isrc,
                "spotify_id": c.spotify_id,
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        """Inverse of :meth:`as_dict`."""
        if "link" in data:
            link = data["link"]
            return cls(value=data["value"], link_kind=link["kind"], link_id=link["id"])
        track = data["track"]
        return cls(
            value=data["value"],
            candidate=TrackCandidate(
                title=track["title"],
                artists=list(track.get("artists") or []),
                album=track.get("album"),
                duration_ms=track.get("duration_ms"),
                isrc=track.get("isrc"),
                spotify_id=track.get("spotify_id"),
            ),
        )


@dataclass
class ParseResult:
    """Accepted entries and skipped values, in input order, duplicates already skipped."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def accept(self, entry: Entry) -> None:
        """Keep ``entry`` unless an equal one was already kept."""
        key = entry.dedupe_key
        if key in self._seen:
            self.skipped.append(Skipped(entry.value, "duplicate"))
            return
        self._seen.add(key)
        self.entries.append(entry)

    def skip(self, value: str, reason: SkipReason, detail: str = "") -> None:
        """Record a skipped value."""
        self.skipped.append(Skipped(value, reason, detail))

    def extend(self, other: ParseResult) -> None:
        """Merge ``other`` (deduplicating across both)."""
        for entry in other.entries:
            self.accept(entry)
        self.skipped.extend(other.skipped)
