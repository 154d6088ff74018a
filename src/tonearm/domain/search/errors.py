"""What a failing search source reports: ``"<CODE>: <message>"`` with a precise code."""

from __future__ import annotations

import httpx

from tonearm.domain.providers import (
    CircuitOpen,
    ProviderNotConfigured,
    ProviderRateLimited,
    ProviderUnavailable,
)
from tonearm.errors import CredentialsMissing, TonearmError
from tonearm.integrations.slskd import SlskdError, SlskdRateLimited
from tonearm.integrations.spotify import SpotifyError, SpotifyRateLimited

__all__ = ["SOURCE_ERROR_CODES", "SourceTimeout", "SourceUnavailable", "describe_source_error"]

SOURCE_ERROR_CODES = (
    "RATE_LIMITED",
    "CIRCUIT_OPEN",
    "NOT_CONFIGURED",
    "DEPENDENCY_ERROR",
    "TIMEOUT",
    "INTERNAL_ERROR",
)
MAX_MESSAGE = 300


class SourceUnavailable(Exception):
    """A source cannot be searched right now (the message says why, ``code`` how)."""

    def __init__(self, message: str, *, code: str = "DEPENDENCY_ERROR") -> None:
        super().__init__(message)
        self.code = code


class SourceTimeout(SourceUnavailable):
    """The source did not answer within its deadline."""

    def __init__(self, deadline_s: float) -> None:
        super().__init__(f"no answer within {deadline_s:g} s", code="TIMEOUT")


def _code(exc: BaseException) -> str:
    if isinstance(exc, SourceUnavailable):
        return exc.code
    if isinstance(exc, ProviderRateLimited | SpotifyRateLimited | SlskdRateLimited):
        return "RATE_LIMITED"
    if isinstance(exc, CircuitOpen):
        return "CIRCUIT_OPEN"
    if isinstance(exc, ProviderNotConfigured | CredentialsMissing):
        return "NOT_CONFIGURED"
    if isinstance(exc, ProviderUnavailable | SpotifyError | SlskdError | httpx.HTTPError):
        return "DEPENDENCY_ERROR"
    if isinstance(exc, TonearmError):
        return exc.code
    return "INTERNAL_ERROR"


def describe_source_error(exc: BaseException) -> str:
    """``"<CODE>: <message>"`` for the ``errors`` map of a search page."""
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"{_code(exc)}: {message}"[:MAX_MESSAGE]
