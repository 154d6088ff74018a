"""Structured JSON logs: one object per line, contract events, secrets redacted.

Tests capture events with ``structlog.testing.capture_logs()``; loggers are never cached,
so that replacement is always honoured.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from functools import lru_cache
from typing import Any, TextIO

import structlog

__all__ = ["REDACTED", "NamedLogger", "Redactor", "configure_logging", "get_logger", "redactor"]

REDACTED = "[redacted]"
_SECRET_KEY = re.compile(
    r"(api[_-]?key|token|secret|password|authorization|cookie|credential|verifier)", re.I
)


class Redactor:
    """A processor that masks secret-looking keys and every registered secret value."""

    def __init__(self) -> None:
        self._values: set[str] = set()

    def add_secret(self, value: str | None) -> None:
        """Never let ``value`` reach a log line (ignored when short or empty)."""
        if value and len(value) >= 6:
            self._values.add(value)

    def scrub(self, value: Any) -> Any:
        """Return ``value`` with registered secrets masked, recursing into containers."""
        if isinstance(value, str):
            for secret in self._values:
                if secret in value:
                    value = value.replace(secret, REDACTED)
            return value
        if isinstance(value, dict):
            return {k: self._field(k, v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.scrub(v) for v in value]
        return value

    def _field(self, key: Any, value: Any) -> Any:
        secret_key = isinstance(key, str) and _is_secret_key(key)
        if secret_key and value not in (None, "") and not isinstance(value, bool | int | float):
            return REDACTED
        return self.scrub(value)

    def __call__(
        self, _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        for key in list(event_dict):
            if key in ("event", "logger", "level", "ts"):
                continue
            event_dict[key] = self._field(key, event_dict[key])
        return event_dict


redactor = Redactor()


@lru_cache(maxsize=1024)
def _is_secret_key(key: str) -> bool:
    # Log field names are a small fixed vocabulary: every request's event reuses the answers.
    return _SECRET_KEY.search(key) is not None


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="ts"),
        redactor,
    ]


class _CurrentStderr:
    """Writes to whatever ``sys.stderr`` is at the time of writing (it may be swapped)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(level: str = "INFO", fmt: str = "json", stream: TextIO | None = None) -> None:
    """Configure structlog and the standard library to write one JSON object per line."""
    out: Any = stream or _CurrentStderr()
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    structlog.configure(
        processors=[*_shared_processors(), structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.WriteLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processor=renderer,
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *_shared_processors()],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    for noisy in ("uvicorn.access", "httpx", "httpcore", "aiosqlite", "asyncio", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class NamedLogger:
    """Resolves structlog's configuration at each call, so a test's capture is honoured."""

    def __init__(self, name: str, context: dict[str, Any] | None = None) -> None:
        self._name = name
        self._context = context or {}

    def bind(self, **values: Any) -> NamedLogger:
        """A logger that adds ``values`` to every line."""
        return NamedLogger(self._name, {**self._context, **values})

    def _emit(self, method: str, event: str, fields: dict[str, Any]) -> None:
        logger = structlog.get_logger()
        getattr(logger, method)(event, logger=self._name, **self._context, **fields)

    def debug(self, event: str, **fields: Any) -> None:
        """Emit at debug level."""
        self._emit("debug", event, fields)

    def info(self, event: str, **fields: Any) -> None:
        """Emit at info level."""
        self._emit("info", event, fields)

    def warning(self, event: str, **fields: Any) -> None:
        """Emit at warning level."""
        self._emit("warning", event, fields)

    def error(self, event: str, **fields: Any) -> None:
        """Emit at error level."""
        self._emit("error", event, fields)

    def exception(self, event: str, **fields: Any) -> None:
        """Emit at error level with the current exception."""
        self._emit("exception", event, fields)


def get_logger(name: str) -> NamedLogger:
    """A logger whose lines carry ``logger=<name>``."""
    return NamedLogger(name)
