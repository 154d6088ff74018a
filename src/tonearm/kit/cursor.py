"""Opaque cursors for keyset pagination."""

from __future__ import annotations

import base64
import binascii

__all__ = ["decode_cursor", "encode_cursor"]


def encode_cursor(last_id: int) -> str:
    """An opaque cursor meaning "after ``last_id``"."""
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """The id inside ``cursor``; ValueError when it is not one of ours."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ValueError("bad cursor") from exc
    prefix, _, value = raw.partition(":")
    if prefix != "id" or not value.isdigit() or len(value) > 19:
        raise ValueError("bad cursor")
    return int(value)
