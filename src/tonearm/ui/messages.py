"""Error codes of the API, said in words a person understands."""

from __future__ import annotations

from dataclasses import dataclass

from tonearm.errors import TonearmError

__all__ = ["FriendlyError", "friendly", "friendly_code", "friendly_source_error"]

_SENTENCES: dict[str, str] = {
    "VALIDATION_ERROR": "Some of what you entered is not valid.",
    "NOT_FOUND": "That item does not exist, or it was removed meanwhile.",
    "CONFLICT": "That cannot be done right now, in the item's current state.",
    "AUTH_REQUIRED": "Please log in with your API key.",
    "FORBIDDEN": "This form has expired. Reload the page and try again.",
    "FEATURE_DISABLED": "This feature is turned off in the settings.",
    "CREDENTIALS_MISSING": (
        "Spotify is not connected: add the client id and secret in Settings, "
        "then connect your account on the Spotify page."
    ),
    "DEPENDENCY_ERROR": (
        "An outside service (Spotify or slskd) did not answer properly. Try again in a moment."
    ),
    "RATE_LIMITED": "Too many attempts. Please wait a moment and try again.",
    "PAYLOAD_TOO_LARGE": "That file or text is too large.",
    "INTERNAL_ERROR": "Something went wrong inside Tonearm. The details are in the server log.",
    # Codes of one search source's failure (the rest of the page still has results).
    "CIRCUIT_OPEN": (
        "It failed several times in a row, so Tonearm waits a little before asking it again."
    ),
    "NOT_CONFIGURED": "It is not set up yet: add its address or credentials in Settings.",
    "TIMEOUT": "It took too long to answer. Try again in a moment.",
}


@dataclass(frozen=True)
class FriendlyError:
    """What the page shows: a sentence for the code, and the precise reason when useful."""

    code: str
    sentence: str
    detail: str | None
    status: int


def friendly_code(code: str, detail: str | None = None, status: int = 400) -> FriendlyError:
    """The words for an API error code."""
    sentence = _SENTENCES.get(code, _SENTENCES["INTERNAL_ERROR"])
    shown = (
        detail if detail and detail.rstrip(".").lower() != sentence.rstrip(".").lower() else None
    )
    return FriendlyError(code, sentence, shown, status)


def friendly(exc: TonearmError) -> FriendlyError:
    """The words for a domain error (its code, and its own message as the detail)."""
    detail = None if exc.code == "INTERNAL_ERROR" else exc.message
    return friendly_code(exc.code, detail, exc.status)


def friendly_source_error(text: str) -> FriendlyError:
    """The words for one search source's ``"<CODE>: <message>"`` error."""
    code, separator, message = text.partition(": ")
    if separator and code in _SENTENCES:
        return friendly_code(code, message or None, 503)
    return friendly_code("DEPENDENCY_ERROR", text, 503)
