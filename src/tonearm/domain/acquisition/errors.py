"""Acquisition errors: one base, a subclass per case, the docstring is the message."""

from __future__ import annotations

from tonearm.errors import Conflict, DependencyError, NotFound

__all__ = ["DownloadNotFound", "DownloadStateConflict", "SlskdNotConfigured", "TrackNotFound"]


class DownloadNotFound(NotFound):
    """No such download."""


class TrackNotFound(NotFound):
    """No such track."""


class DownloadStateConflict(Conflict):
    """The download is not in a state that allows this."""


class SlskdNotConfigured(DependencyError):
    """slskd is not configured (set slskd_url and slskd_api_key)."""

    status = 503
