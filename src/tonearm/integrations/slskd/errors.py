"""The slskd client's error tree; each docstring is the default message."""

from __future__ import annotations

__all__ = [
    "SlskdAuthError",
    "SlskdBadRequest",
    "SlskdConcurrencyLimited",
    "SlskdConflict",
    "SlskdError",
    "SlskdNotFound",
    "SlskdRateLimited",
    "SlskdSearchTimeout",
    "SlskdServerError",
    "SlskdUnavailable",
]


class SlskdError(Exception):
    """slskd request failed."""

    def __init__(self, message: str | None = None, *, status: int | None = None) -> None:
        super().__init__(message or self.__doc__ or type(self).__name__)
        self.status = status


class SlskdAuthError(SlskdError):
    """slskd rejected the API key."""


class SlskdNotFound(SlskdError):
    """slskd does not know this search, transfer or user."""


class SlskdConflict(SlskdError):
    """slskd refused a conflicting request (existing id, not logged in)."""


class SlskdConcurrencyLimited(SlskdError):
    """slskd allows only one concurrent operation of this kind; try again shortly."""


class SlskdRateLimited(SlskdError):
    """slskd asked us to slow down."""

    def __init__(
        self, message: str | None = None, *, status: int | None = 429, retry_after: float | None
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class SlskdBadRequest(SlskdError):
    """slskd rejected the request as invalid."""


class SlskdServerError(SlskdError):
    """slskd failed with a server error."""


class SlskdUnavailable(SlskdError):
    """slskd could not be reached or dropped the connection."""


class SlskdSearchTimeout(SlskdError):
    """The search did not complete before the client-side deadline (it was cancelled)."""
