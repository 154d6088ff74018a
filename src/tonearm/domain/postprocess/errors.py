"""Post-processing errors: one base, a subclass per case, the docstring is the message."""

from __future__ import annotations

__all__ = [
    "ArtworkRejected",
    "DurationMismatch",
    "FileIncomplete",
    "NotDecodable",
    "PostprocessError",
    "VerificationFailed",
    "WrongKind",
]


class PostprocessError(Exception):
    """Post-processing a downloaded file failed."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or (self.__doc__ or "").strip()
        super().__init__(self.message)


class VerificationFailed(PostprocessError):
    """The downloaded file is not the audio we expected."""


class NotDecodable(VerificationFailed):
    """The downloaded file is not decodable audio."""


class WrongKind(VerificationFailed):
    """The downloaded file is not of the expected audio kind."""


class DurationMismatch(VerificationFailed):
    """The downloaded file's duration is off by more than the tolerance."""


class FileIncomplete(VerificationFailed):
    """The downloaded file is shorter than the peer advertised (cut-off transfer)."""


class ArtworkRejected(PostprocessError):
    """The cover image was refused (host, redirect, type or size)."""
