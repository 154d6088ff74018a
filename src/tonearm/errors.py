"""The error tree shared by every layer. Each error carries its API code and HTTP status;
the docstring is the default message. Delivery maps them to the envelope in one place."""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AuthRequired",
    "Conflict",
    "CredentialsMissing",
    "DatabaseBusy",
    "DependencyError",
    "FeatureDisabled",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "TonearmError",
    "ValidationFailed",
]


class TonearmError(Exception):
    """Something went wrong inside Tonearm."""

    code: ClassVar[str] = "INTERNAL_ERROR"
    status: ClassVar[int] = 500

    def __init__(self, message: str | None = None, *, details: dict[str, Any] | None = None):
        self.message = message or (self.__doc__ or self.code).strip().splitlines()[0]
        self.details = details or {}
        super().__init__(self.message)

    def headers(self) -> dict[str, str]:
        """Extra response headers this error implies."""
        return {}


class ValidationFailed(TonearmError):
    """The request is not valid."""

    code = "VALIDATION_ERROR"
    status = 422


class NotFound(TonearmError):
    """No such resource."""

    code = "NOT_FOUND"
    status = 404


class Conflict(TonearmError):
    """The request conflicts with the current state."""

    code = "CONFLICT"
    status = 409


class AuthRequired(TonearmError):
    """A valid API key is required (X-API-Key or Authorization: Bearer)."""

    code = "AUTH_REQUIRED"
    status = 401


class FeatureDisabled(TonearmError):
    """This feature is disabled."""

    code = "FEATURE_DISABLED"
    status = 404


class CredentialsMissing(TonearmError):
    """Spotify PRO mode needs client credentials and an authorised account."""

    code = "CREDENTIALS_MISSING"
    status = 409


class DependencyError(TonearmError):
    """An external service failed."""

    code = "DEPENDENCY_ERROR"
    status = 502


class DatabaseBusy(DependencyError):
    """The database is busy with another write; try again in a moment."""

    status = 503
    retry_after = 1.0

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(round(self.retry_after))}


class RateLimited(TonearmError):
    """Too many requests; try again later."""

    code = "RATE_LIMITED"
    status = 429

    def __init__(self, message: str | None = None, *, retry_after: float = 1.0, **kw: Any):
        self.retry_after = retry_after
        super().__init__(message, **kw)
        self.details.setdefault("retry_after", retry_after)

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(max(1, round(self.retry_after)))}


class PayloadTooLarge(TonearmError):
    """The request body is too large."""

    code = "PAYLOAD_TOO_LARGE"
    status = 413
