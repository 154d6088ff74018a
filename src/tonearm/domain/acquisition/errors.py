"""Acquisition errors: one base, a subclass per case, the docstring is the message."""

from __future__ import annotations

from tonearm.errors import Conflict, NotFound

__all__ = ["DownloadNotFound", "DownloadStateConflict", "TrackNotFound"]


class DownloadNotFound(NotFound):
    """No such download."""


class TrackNotFound(NotFound):
    """No such track."""


class DownloadStateConflict(Conflict):
    """The download is not in a state that allows this."""
