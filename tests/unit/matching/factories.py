"""Typed factories for matching tests."""

from __future__ import annotations

from typing import Any

from tonearm.matching import Candidate, WantedTrack


def create_wanted(**overrides: Any) -> WantedTrack:
    """A wanted track (Radiohead - Karma Police) with optional overrides."""
    fields: dict[str, Any] = {
        "title": "Karma Police",
        "artists": ["Radiohead"],
        "album": "OK Computer",
        "duration_ms": 264_000,
        "track_number": 6,
        "disc_number": 1,
        "year": 1997,
    }
    fields.update(overrides)
    return WantedTrack(**fields)


def create_candidate(**overrides: Any) -> Candidate:
    """A good FLAC candidate for :func:`create_wanted`, with optional overrides."""
    fields: dict[str, Any] = {
        "username": "peer",
        "filename": "@@share\\Music\\Radiohead\\OK Computer (1997)\\06 - Karma Police.flac",
        "size": 30_000_000,
        "length_s": 264,
        "has_free_upload_slot": True,
        "queue_length": 0,
        "upload_speed": 2_000_000,
    }
    fields.update(overrides)
    return Candidate(**fields)
