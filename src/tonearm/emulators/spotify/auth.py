"""The accounts service of the emulator: `/authorize`, `/api/token` and bearer-token checks."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import ip_address
from typing import Literal
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from tonearm.emulators.spotify.data import DataClient, SpotifyData

__all__ = ["ApiError", "AuthService", "TokenGrant"]

_CODE_TTL_S = 600


class ApiError(Exception):
    """A Web API error, rendered as Spotify's `{"error": {"status", "message"}}`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> JSONResponse:
        """The error as Spotify sends it."""
        body = {"error": {"status": self.status, "message": self.message}}
        headers = {"WWW-Authenticate": 'Bearer realm="spotify"'} if self.status == 401 else None
        return JSONResponse(body, status_code=self.status, headers=headers)


class _OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    def response(self) -> JSONResponse:
        body = {"error": self.error, "error_description": self.description}
        return JSONResponse(body, status_code=self.status)


@dataclass(frozen=True)
class TokenGrant:
    """What an access token stands for."""

    kind: Literal["user", "client"]
    client_id: str
    user_id: str | None
    scope: str
    expires_at: float


@dataclass(frozen=True)
class _AuthCode:
    client_id: str
    user_id: str
    redirect_uri: str
    scope: str
    code_challenge: str | None
    expires_at: float


@dataclass
class _Store:
    access: dict[str, TokenGrant] = field(default_factory=dict)
    refresh: dict[str, TokenGrant] = field(default_factory=dict)
    codes: dict[str, _AuthCode] = field(default_factory=dict)


def redirect_uri_allowed(uri: str) -> bool:
    """HTTPS, or plain HTTP on a loopback IP literal (`localhost` is refused, as in 2026)."""
    parts = urlsplit(uri)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme != "http" or not parts.hostname:
        return False
    try:
        return ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of a verifier."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class AuthService:
    """Issues and checks codes and tokens (in memory; restarting forgets them)."""

    def __init__(self, data: Callable[[], SpotifyData], clock: Callable[[], float] = time.time):
        self._data = data
        self.clock = clock  # replaceable, so tests can move time forward
        self._store = _Store()
        self._lock = threading.Lock()

    # -- /authorize ---------------------------------------------------------------------

    async def authorize(self, request: Request) -> Response:
        """Auto-approve as the first user and redirect back with a code (or an error)."""
        params = request.query_params
        data = self._data()
        client = data.client_by_id.get(params.get("client_id", ""))
        redirect_uri = params.get("redirect_uri", "")
        if client is None:
            return PlainTextResponse("INVALID_CLIENT: Invalid client", status_code=400)
        if not redirect_uri_allowed(redirect_uri) or (
            client.redirect_uris is not None and redirect_uri not in client.redirect_uris
        ):
            return PlainTextResponse("INVALID_CLIENT: Invalid redirect URI", status_code=400)
        problem = _authorize_problem(params)
        state = params.get("state")
        if problem is not None or not data.users:
            return _redirect(redirect_uri, {"error": problem or "access_denied", "state": state})
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._store.codes[code] = _AuthCode(
                client_id=client.client_id,
                user_id=data.users[0].id,
                redirect_uri=redirect_uri,
                scope=params.get("scope", ""),
                code_challenge=params.get("code_challenge"),
                expires_at=self.clock() + _CODE_TTL_S,
            )
        return _redirect(redirect_uri, {"code": code, "state": state})

    # -- /api/token ---------------------------------------------------------------------

    async def token(self, request: Request) -> Response:
        """The token endpoint: authorization_code (+PKCE), refresh_token, client_credentials."""
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            grant = form.get("grant_type", "")
            if grant == "authorization_code":
                body = self._exchange_code(request, form)
            elif grant == "refresh_token":
                body = self._refresh(request, form)
            elif grant == "client_credentials":
                body = self._client_credentials(request, form)
            else:
                raise _OAuthError(
                    "unsupported_grant_type", "grant_type parameter is missing or unsupported"
                )
        except _OAuthError as exc:
            return exc.response()
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    def _exchange_code(self, request: Request, form: dict[str, str]) -> dict[str, object]:
        client, authenticated = self._client(request, form)
        with self._lock:
            code = self._store.codes.pop(form.get("code", ""), None)
        if code is None or code.expires_at < self.clock() or code.client_id != client.client_id:
            raise _OAuthError("invalid_grant", "Invalid authorization code")
        if form.get("redirect_uri") != code.redirect_uri:
            raise _OAuthError("invalid_grant", "Invalid redirect URI")
        if code.code_challenge is not None:
            verifier = form.get("code_verifier", "")
            if not verifier or not hmac.compare_digest(s256(verifier), code.code_challenge):
                raise _OAuthError("invalid_grant", "code_verifier was incorrect")
        elif not authenticated:
            raise _OAuthError("invalid_client", "Invalid client secret", status=401)
        return self._issue("user", client.client_id, code.user_id, code.scope, with_refresh=True)

    def _refresh(self, request: Request, form: dict[str, str]) -> dict[str, object]:
        client, _ = self._client(request, form)
        with self._lock:
            old = self._store.refresh.pop(form.get("refresh_token", ""), None)
        if old is None or old.client_id != client.client_id:
            raise _OAuthError("invalid_grant", "Invalid refresh token")
        return self._issue("user", client.client_id, old.user_id, old.scope, with_refresh=True)

    def _client_credentials(self, request: Request, form: dict[str, str]) -> dict[str, object]:
        client, authenticated = self._client(request, form)
        if not authenticated:
            raise _OAuthError("invalid_client", "Invalid client secret", status=401)
        return self._issue("client", client.client_id, None, "", with_refresh=False)

    def _client(self, request: Request, form: dict[str, str]) -> tuple[DataClient, bool]:
        """Identify the client by Basic header or body; tell whether its secret was shown."""
        client_id, secret = _basic_credentials(request.headers.get("authorization", ""))
        if client_id is None:
            client_id, secret = form.get("client_id"), form.get("client_secret")
        client = self._data().client_by_id.get(client_id or "")
        if client is None:
            raise _OAuthError("invalid_client", "Invalid client", status=401)
        if secret is None:
            return client, False
        if not hmac.compare_digest(secret.encode(), client.client_secret.encode()):
            raise _OAuthError("invalid_client", "Invalid client secret", status=401)
        return client, True

    def _issue(
        self,
        kind: Literal["user", "client"],
        client_id: str,
        user_id: str | None,
        scope: str,
        *,
        with_refresh: bool,
    ) -> dict[str, object]:
        ttl = self._data().token_ttl_s
        grant = TokenGrant(kind, client_id, user_id, scope, self.clock() + ttl)
        access = "BQ" + secrets.token_urlsafe(40)
        body: dict[str, object] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": ttl,
        }
        with self._lock:
            self._store.access[access] = grant
            if with_refresh:
                refresh = "AQ" + secrets.token_urlsafe(48)
                self._store.refresh[refresh] = grant
                body["refresh_token"] = refresh
        if kind == "user":
            body["scope"] = scope
        return body

    # -- bearer checks ------------------------------------------------------------------

    def check_bearer(self, request: Request, *, user_required: bool) -> TokenGrant:
        """Return the grant behind the request's bearer token, or raise a 401/403 ApiError."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "No token provided")
        with self._lock:
            grant = self._store.access.get(token.strip())
        if grant is None:
            raise ApiError(401, "Invalid access token")
        if grant.expires_at <= self.clock():
            raise ApiError(401, "The access token expired")
        if user_required and grant.kind != "user":
            raise ApiError(403, "This request requires a user access token")
        return grant


def _authorize_problem(params: QueryParams) -> str | None:
    if params.get("response_type") != "code":
        return "unsupported_response_type"
    if params.get("code_challenge") is not None and params.get("code_challenge_method") != "S256":
        return "invalid_request"
    return None


def _redirect(uri: str, params: dict[str, str | None]) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    separator = "&" if urlsplit(uri).query else "?"
    return RedirectResponse(f"{uri}{separator}{query}", status_code=302)


def _basic_credentials(header: str) -> tuple[str | None, str | None]:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else (None, None)
