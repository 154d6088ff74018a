"""Errors raised by the matching package."""

from __future__ import annotations


class MatchingError(Exception):
    """The matching engine could not do what was asked."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class InvalidMatchConfigError(MatchingError):
    """The match configuration or quality profile is not valid."""
