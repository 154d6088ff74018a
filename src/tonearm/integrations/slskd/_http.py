"""HTTP plumbing of the slskd client: one request function translating failures."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from .errors import (
    SlskdAuthError,
    SlskdBadRequest,
    SlskdConcurrencyLimited,
    SlskdConflict,
    SlskdError,
    SlskdNotFound,
    SlskdRateLimited,
    SlskdServerError,
    SlskdUnavailable,
)

__all__ = ["DEFAULT_TIMEOUT", "SlskdTransport", "error_for", "segment"]

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def segment(value: str) -> str:
    """Percent-encode one path segment (usernames may hold any character)."""
    return quote(value, safe="")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def error_for(response: httpx.Response, action: str) -> SlskdError:
    """The typed error for a failed response."""
    status = response.status_code
    detail = f"{action}: HTTP {status} {response.text[:200]}".strip()
    if status in {401, 403}:
        return SlskdAuthError(detail, status=status)
    if status == 404:
        return SlskdNotFound(detail, status=status)
    if status == 409:
        return SlskdConflict(detail, status=status)
    if status == 429:
        retry_after = _retry_after(response)
        if retry_after is not None:
            return SlskdRateLimited(detail, retry_after=retry_after)
        return SlskdConcurrencyLimited(detail, status=status)
    if status in {400, 422}:
        return SlskdBadRequest(detail, status=status)
    if status >= 500:
        return SlskdServerError(detail, status=status)
    return SlskdError(detail, status=status)


class SlskdTransport:
    """Sends authenticated requests to `{base_url}/api/v0` with explicit timeouts."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: str,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self._http = http
        self._api = base_url.rstrip("/") + "/api/v0"
        self._headers = {"X-API-Key": api_key, "Accept": "application/json"}
        self._timeout = timeout

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """Send a request; raise the typed error for transport failures and 4xx/5xx."""
        action = f"{method} {path}"
        try:
            response = await self._http.request(
                method,
                self._api + path,
                json=json,
                params=params,
                headers=self._headers,
                timeout=self._timeout,
            )
        except httpx.TimeoutException as exc:
            raise SlskdUnavailable(f"{action}: timed out") from exc
        except httpx.TransportError as exc:
            raise SlskdUnavailable(f"{action}: {type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise error_for(response, action)
        return response
