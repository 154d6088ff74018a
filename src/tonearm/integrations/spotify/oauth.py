"""Spotify OAuth (2026 rules): authorization code + PKCE, rotating refresh, client credentials."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tonearm.integrations.spotify._http import DEFAULT_TIMEOUT, parse_retry_after
from tonearm.integrations.spotify.errors import (
    InvalidRedirectUrlError,
    SpotifyOAuthError,
    SpotifyRateLimited,
    SpotifyResponseError,
    SpotifyServerError,
    SpotifyUnavailable,
)

__all__ = [
    "TokenSet",
    "build_authorize_url",
    "client_credentials",
    "code_challenge_s256",
    "exchange_code",
    "generate_code_verifier",
    "generate_state",
    "parse_redirected_url",
    "refresh",
    "validate_redirect_uri",
]

_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


class TokenSet(BaseModel):
    """Tokens from the accounts service; the secrets stay out of `repr()`."""

    model_config = ConfigDict(frozen=True)

    access_token: str = Field(repr=False)
    refresh_token: str | None = Field(default=None, repr=False)
    expires_at: datetime
    scope: str = ""

    def expires_within(self, seconds: float, now: datetime | None = None) -> bool:
        """Tell whether the access token expires within `seconds` from `now`."""
        return self.expires_at <= (now or datetime.now(UTC)) + timedelta(seconds=seconds)


class _TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - a token type, not a secret
    expires_in: int
    refresh_token: str | None = None
    scope: str = ""


def generate_code_verifier(length: int = 64) -> str:
    """A random PKCE code verifier (43..128 unreserved characters)."""
    if not 43 <= length <= 128:
        raise ValueError("a PKCE code verifier has 43 to 128 characters")
    return "".join(secrets.choice(_UNRESERVED) for _ in range(length))


def code_challenge_s256(verifier: str) -> str:
    """The S256 code challenge of a verifier: base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def generate_state() -> str:
    """A random `state` value that ties the redirect back to this authorization request."""
    return secrets.token_urlsafe(24)


def validate_redirect_uri(uri: str) -> list[str]:
    """Problems with a redirect URI under Spotify's 2026 rules (empty list: acceptable)."""
    parts = urlsplit(uri.strip())
    problems: list[str] = []
    if parts.fragment:
        problems.append("a redirect URI cannot contain a fragment (#...)")
    if parts.scheme == "https":
        if not parts.hostname:
            problems.append("the redirect URI has no host")
        return problems
    if parts.scheme != "http":
        problems.append("the redirect URI must use https, or http on a loopback IP address")
        return problems
    host = parts.hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        problems.append(
            "Spotify rejects 'localhost' redirect URIs: use the loopback IP literal instead, "
            "e.g. http://127.0.0.1:PORT/... or http://[::1]:PORT/..."
        )
        return problems
    try:
        loopback = ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        problems.append(
            "plain http is only allowed on a loopback IP address (127.0.0.1 or [::1]); "
            "use https for any other host"
        )
    return problems


def build_authorize_url(
    accounts_url: str,
    client_id: str,
    redirect_uri: str,
    state: str,
    code_challenge: str,
    scopes: Iterable[str] = (),
) -> str:
    """The URL that sends the user to Spotify's consent page (authorization code + PKCE)."""
    query = {
        "client_id": client_id,
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "state": state,
        "code_challenge_method": "S256",
        "code_challenge": code_challenge,
        "scope": " ".join(scopes),
    }
    return f"{accounts_url.rstrip('/')}/authorize?{urlencode(query)}"


def parse_redirected_url(url: str) -> tuple[str, str]:
    """Pull `(code, state)` out of the URL Spotify redirected to (manual paste flow)."""
    params = parse_qs(urlsplit(url.strip()).query)
    if "error" in params:
        raise InvalidRedirectUrlError(f"Spotify refused the authorization: {params['error'][0]}")
    code, state = params.get("code", [""])[0], params.get("state", [""])[0]
    if not code:
        raise InvalidRedirectUrlError(
            "the URL has no 'code' parameter: paste the full redirected URL"
        )
    if not state:
        raise InvalidRedirectUrlError(
            "the URL has no 'state' parameter: paste the full redirected URL"
        )
    return code, state


async def _token_request(
    http: httpx.AsyncClient,
    accounts_url: str,
    form: dict[str, str],
    client_secret: str | None,
) -> _TokenResponse:
    url = f"{accounts_url.rstrip('/')}/api/token"
    headers = {}
    if client_secret is not None:  # confidential client: credentials in the Basic header
        headers["Authorization"] = httpx.BasicAuth(
            form.pop("client_id"), client_secret
        )._auth_header
    try:
        response = await http.post(url, data=form, headers=headers, timeout=DEFAULT_TIMEOUT)
    except httpx.TransportError as exc:
        raise SpotifyUnavailable(f"Spotify accounts unreachable: {type(exc).__name__}") from exc
    _raise_for_token_response(response)
    try:
        return _TokenResponse.model_validate(response.json())
    except (ValueError, ValidationError) as exc:
        raise SpotifyResponseError("unexpected token response") from exc


def _raise_for_token_response(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    if status == 429:
        raise SpotifyRateLimited(parse_retry_after(response.headers.get("retry-after")))
    if status >= 500:
        raise SpotifyServerError(status=status)
    body: Any
    try:
        body = response.json()
    except ValueError:
        body = {}
    error = str(body.get("error", "invalid_request")) if isinstance(body, dict) else "error"
    description = body.get("error_description") if isinstance(body, dict) else None
    raise SpotifyOAuthError(error, str(description) if description else None, status=status)


def _token_set(token: _TokenResponse, previous_refresh: str | None = None) -> TokenSet:
    return TokenSet(
        access_token=token.access_token,
        refresh_token=token.refresh_token or previous_refresh,
        expires_at=datetime.now(UTC) + timedelta(seconds=token.expires_in),
        scope=token.scope,
    )


async def exchange_code(
    http: httpx.AsyncClient,
    accounts_url: str,
    client_id: str,
    code: str,
    redirect_uri: str,
    code_verifier: str,
    client_secret: str | None = None,
) -> TokenSet:
    """Trade an authorization code (and its PKCE verifier) for tokens."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": client_id,
        "code_verifier": code_verifier,
    }
    return _token_set(await _token_request(http, accounts_url, form, client_secret))


async def refresh(
    http: httpx.AsyncClient,
    accounts_url: str,
    client_id: str,
    refresh_token: str,
    client_secret: str | None = None,
) -> TokenSet:
    """Renew tokens. With PKCE the refresh token rotates: persist the returned one, the old
    one no longer works."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id}
    token = await _token_request(http, accounts_url, form, client_secret)
    return _token_set(token, previous_refresh=refresh_token)


async def client_credentials(
    http: httpx.AsyncClient, accounts_url: str, client_id: str, client_secret: str
) -> TokenSet:
    """An app token for public catalogue data (no user, no refresh token)."""
    form = {"grant_type": "client_credentials", "client_id": client_id}
    return _token_set(await _token_request(http, accounts_url, form, client_secret))
