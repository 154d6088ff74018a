"""UI sessions: a signed cookie that proves a person logged in with the API key.

The cookie carries a random session id, the CSRF token of the session and a fingerprint of
the API key it was opened with, signed with the session secret. Rotating the API key ends
every session; logging out revokes the session id in this process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from http.cookies import SimpleCookie

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import Scope

from tonearm.security import ApiKeyStore

__all__ = ["COOKIE_NAME", "UiSession", "UiSessionCodec"]

COOKIE_NAME = "tonearm_session"
SESSION_MAX_AGE_S = 7 * 24 * 3600
# Paths a session cookie never opens: the JSON API is for keys only, so a cookie can never
# be used to make it act on a person's behalf (it has no CSRF tokens).
_KEY_ONLY_PREFIXES = ("/api/", "/metrics", "/openapi.json", "/docs", "/redoc")
_MAX_REVOKED = 10_000


@dataclass(frozen=True)
class UiSession:
    """A logged-in browser."""

    session_id: str
    csrf_token: str


class UiSessionCodec:
    """Issue, read and revoke session cookies."""

    def __init__(self, secret: str, keys: ApiKeyStore, max_age_s: int = SESSION_MAX_AGE_S):
        self._signer = URLSafeTimedSerializer(secret, salt="tonearm.ui.session")
        self._keys = keys
        self.max_age_s = max_age_s
        self._revoked: OrderedDict[str, None] = OrderedDict()

    def _key_fingerprint(self) -> str:
        digest = hmac.new(b"tonearm.ui", self._keys.current().encode(), hashlib.sha256)
        return digest.hexdigest()[:24]

    def issue(self) -> tuple[UiSession, str]:
        """A new session and its signed cookie value."""
        session = UiSession(secrets.token_urlsafe(16), secrets.token_urlsafe(32))
        value = self._signer.dumps(
            {"sid": session.session_id, "csrf": session.csrf_token, "kf": self._key_fingerprint()}
        )
        return session, value

    def read(self, cookie_value: str | None) -> UiSession | None:
        """The session a cookie value proves, or None (bad signature, expired, revoked)."""
        if not cookie_value:
            return None
        try:
            data = self._signer.loads(cookie_value, max_age=self.max_age_s)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        sid, csrf, fingerprint = data.get("sid"), data.get("csrf"), data.get("kf")
        if not (isinstance(sid, str) and isinstance(csrf, str) and isinstance(fingerprint, str)):
            return None
        if sid in self._revoked or not hmac.compare_digest(fingerprint, self._key_fingerprint()):
            return None
        return UiSession(sid, csrf)

    def revoke(self, session: UiSession) -> None:
        """End a session now (logout)."""
        self._revoked[session.session_id] = None
        while len(self._revoked) > _MAX_REVOKED:
            self._revoked.popitem(last=False)

    def check_scope(self, scope: Scope) -> bool:
        """Whether an ASGI request carries a valid session for a UI path."""
        if str(scope.get("path", "")).startswith(_KEY_ONLY_PREFIXES):
            return False
        return self.read(cookie_from_scope(scope)) is not None


def cookie_from_scope(scope: Scope) -> str | None:
    """The session cookie's value in an ASGI scope's headers."""
    for name, value in scope.get("headers", ()):
        if name != b"cookie":
            continue
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(value.decode("latin-1"))
        except Exception:  # a malformed Cookie header is just no session
            return None
        morsel = jar.get(COOKIE_NAME)
        if morsel is not None:
            return morsel.value
    return None
