"""Errors of the provider gateway; each carries the wait a job handler should hand over."""

from __future__ import annotations

from typing import Any

from tonearm.errors import Conflict, DependencyError, RateLimited, TonearmError

__all__ = [
    "CircuitOpen",
    "ProviderError",
    "ProviderNotConfigured",
    "ProviderRateLimited",
    "ProviderUnavailable",
]


class ProviderError(TonearmError):
    """An outbound provider call failed."""


class ProviderRateLimited(ProviderError, RateLimited):
    """The provider asked us to wait; every worker respects the cooldown until it ends."""

    def __init__(
        self, provider: str, retry_after: float, message: str | None = None, **kw: Any
    ) -> None:
        self.provider = provider
        super().__init__(
            message or f"{provider} is rate limited for {retry_after:.0f} s",
            retry_after=retry_after,
            **kw,
        )
        self.details.setdefault("provider", provider)


class ProviderUnavailable(ProviderError, DependencyError):
    """The provider cannot be used right now."""

    status = 503

    def __init__(
        self, provider: str, message: str | None = None, *, retry_after: float = 1.0
    ) -> None:
        self.provider = provider
        self.retry_after = retry_after
        super().__init__(message, details={"provider": provider, "retry_after": retry_after})

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(max(1, round(self.retry_after)))}


class CircuitOpen(ProviderUnavailable):
    """The provider's circuit is open after repeated failures; calls fail fast until a trial."""


class ProviderNotConfigured(ProviderError, Conflict):
    """The provider is not configured (set its URL and credentials)."""
