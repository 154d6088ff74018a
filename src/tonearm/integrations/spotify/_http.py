"""HTTP plumbing of the Spotify client: authorised GETs and error translation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

import httpx

from tonearm.integrations.spotify.errors import (
    SpotifyAuthError,
    SpotifyError,
    SpotifyNotFound,
    SpotifyRateLimited,
    SpotifyRequestError,
    SpotifyResponseError,
    SpotifyServerError,
    SpotifyUnavailable,
)

__all__ = ["DEFAULT_TIMEOUT", "ApiTransport", "TokenProvider", "parse_retry_after"]

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
_DEFAULT_RETRY_AFTER_S = 5.0


@runtime_checkable
class TokenProvider(Protocol):
    """Supplies access tokens and can be told that the last one was refused."""

    async def get_token(self) -> str:
        """Return a valid access token (refreshing it if needed)."""
        ...

    def invalidate(self) -> None:
        """Forget the current token: the next `get_token()` must fetch a fresh one."""
        ...


TokenSource = TokenProvider | Callable[[], Awaitable[str]]


def parse_retry_after(value: str | None, now: datetime | None = None) -> float:
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date)."""
    if not value:
        return _DEFAULT_RETRY_AFTER_S
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return _DEFAULT_RETRY_AFTER_S
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _error_message(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        message = error.get("message")
        return str(message) if message else None
    return str(error) if error else None


def raise_for_response(response: httpx.Response) -> None:
    """Translate a non-2xx Spotify response into the error tree."""
    status = response.status_code
    if status < 400:
        return
    message = _error_message(response)
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise SpotifyRateLimited(retry_after, message)
    error_type: type[SpotifyError]
    if status in (401, 403):
        error_type = SpotifyAuthError
    elif status == 404:
        error_type = SpotifyNotFound
    elif status >= 500:
        error_type = SpotifyServerError
    else:
        error_type = SpotifyRequestError
    raise error_type(message, status=status)


class ApiTransport:
    """Sends authorised GETs to one API root; follows only links on that same origin."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str,
        token_provider: TokenSource,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self._http = http
        self._api_url = api_url.rstrip("/")
        self._tokens = token_provider
        self._timeout = timeout
        origin = urlsplit(self._api_url)
        self._origin = (origin.scheme, origin.netloc)

    def url_for(self, path_or_url: str) -> str:
        """An absolute URL for an API path, or a `next` link checked to stay on the API host."""
        if path_or_url.startswith("/"):
            return f"{self._api_url}{path_or_url}"
        parts = urlsplit(path_or_url)
        if (parts.scheme, parts.netloc) != self._origin:
            raise SpotifyResponseError(
                f"refusing to follow a link off the API host: {parts.netloc}"
            )
        return path_or_url

    async def _token(self) -> str:
        if isinstance(self._tokens, TokenProvider):
            return await self._tokens.get_token()
        return await self._tokens()

    async def get_json(self, path_or_url: str, params: dict[str, Any] | None = None) -> Any:
        """GET and decode JSON; on a 401 a refreshable provider gets one chance to renew."""
        url = self.url_for(path_or_url)
        response = await self._send(url, params, await self._token())
        if response.status_code == 401 and isinstance(self._tokens, TokenProvider):
            self._tokens.invalidate()
            response = await self._send(url, params, await self._tokens.get_token())
        raise_for_response(response)
        try:
            return response.json()
        except ValueError as exc:
            raise SpotifyResponseError("response body is not JSON", status=200) from exc

    async def _send(self, url: str, params: dict[str, Any] | None, token: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        try:
            return await self._http.get(url, params=params, headers=headers, timeout=self._timeout)
        except httpx.TimeoutException as exc:
            raise SpotifyUnavailable(f"Spotify timed out: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise SpotifyUnavailable(f"Spotify unreachable: {type(exc).__name__}") from exc
