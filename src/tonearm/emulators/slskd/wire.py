"""Wire helpers: versions, the clock, JSON without nulls, plain-text errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.responses import Response

__all__ = [
    "Clock",
    "Timeline",
    "error_text",
    "json_response",
    "parse_version",
    "without_nulls",
]

Clock = Callable[[], float]


def parse_version(text: str) -> tuple[int, int]:
    """'0.26' or '0.26.1' -> (0, 26)."""
    parts = [int(p) for p in text.strip().lstrip("v").split(".")[:2]]
    if len(parts) != 2:
        raise ValueError(f"not a slskd version: {text!r}")
    return parts[0], parts[1]


class Timeline:
    """Monotonic emulator time plus the wall-clock timestamps derived from it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._origin_mono = clock()
        self._origin_wall = datetime.now(UTC)

    def now(self) -> float:
        """Current monotonic time in seconds."""
        return self.clock()

    def stamp(self, at: float) -> str:
        """ISO-8601 wall time of the monotonic instant `at`, as slskd writes it."""
        moment = self._origin_wall + timedelta(seconds=at - self._origin_mono)
        return moment.isoformat().replace("+00:00", "Z")


def without_nulls(value: Any) -> Any:
    """Drop `None` fields recursively: slskd omits null fields instead of sending `null`."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def json_response(payload: Any, status: int = 200) -> Response:
    """A JSON response with null fields omitted."""
    body = json.dumps(without_nulls(payload), ensure_ascii=False)
    return Response(body, status_code=status, media_type="application/json")


def error_text(status: int, message: str) -> Response:
    """slskd answers most errors with a short plain-text message."""
    return Response(message, status_code=status, media_type="text/plain")
