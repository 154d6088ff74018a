"""The Spotify integration's error tree; every httpx failure is translated into it."""

from __future__ import annotations

__all__ = [
    "InvalidRedirectUrlError",
    "InvalidSpotifyLinkError",
    "SpotifyAuthError",
    "SpotifyError",
    "SpotifyNotFound",
    "SpotifyOAuthError",
    "SpotifyRateLimited",
    "SpotifyRequestError",
    "SpotifyResponseError",
    "SpotifyServerError",
    "SpotifyUnavailable",
]


class SpotifyError(Exception):
    """Spotify request failed."""

    def __init__(self, message: str | None = None, *, status: int | None = None) -> None:
        super().__init__(message or (self.__doc__ or "Spotify error").strip())
        self.status = status


class SpotifyAuthError(SpotifyError):
    """Spotify refused the credentials or the token (401/403)."""


class SpotifyOAuthError(SpotifyAuthError):
    """The Spotify accounts service refused the grant."""

    def __init__(self, error: str, description: str | None = None, *, status: int = 400) -> None:
        super().__init__(f"{error}: {description}" if description else error, status=status)
        self.error = error
        self.description = description


class SpotifyNotFound(SpotifyError):
    """The Spotify resource does not exist or is not visible (404)."""


class SpotifyRateLimited(SpotifyError):
    """Spotify rate limit hit (429); retry after `retry_after` seconds."""

    def __init__(self, retry_after: float, message: str | None = None) -> None:
        super().__init__(message, status=429)
        self.retry_after = retry_after


class SpotifyServerError(SpotifyError):
    """Spotify answered with a server error (5xx)."""


class SpotifyRequestError(SpotifyError):
    """Spotify rejected the request as invalid (other 4xx)."""


class SpotifyResponseError(SpotifyError):
    """Spotify answered with a body that does not have the expected shape."""


class SpotifyUnavailable(SpotifyError):
    """Spotify could not be reached (connect error, timeout or dropped connection)."""


class InvalidSpotifyLinkError(SpotifyError, ValueError):
    """Not a Spotify link or URI Tonearm understands."""


class InvalidRedirectUrlError(SpotifyError, ValueError):
    """The pasted redirect URL carries no authorization code."""
