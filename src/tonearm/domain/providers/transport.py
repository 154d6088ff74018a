"""``GatewayTransport``: an httpx transport that puts every request of one provider through the
gateway (admission, per-attempt timeout, retries with back-off, jitter and a deadline,
``Retry-After`` up to a cap, outcome recording and events)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx
import stamina

from tonearm.domain.providers.errors import ProviderRateLimited
from tonearm.domain.providers.gateway import ProviderGateway
from tonearm.domain.providers.state import ProviderSnapshot
from tonearm.integrations.spotify import parse_retry_after

__all__ = ["GatewayTransport", "operation_name"]

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_STATIC_SEGMENTS = frozenset(
    {
        # Spotify Web API and accounts
        "v1", "me", "playlists", "items", "tracks", "albums", "artists", "search",
        "following", "library", "users", "api", "token", "authorize",
        # slskd
        "v0", "application", "server", "searches", "responses", "transfers", "downloads",
        "batches", "events", "health", "session",
    }
)  # fmt: skip


def operation_name(request: httpx.Request) -> str:
    """``METHOD /path/{id}``: the request with every variable path segment replaced."""
    parts = [p if p in _STATIC_SEGMENTS else "{id}" for p in request.url.path.split("/") if p]
    return f"{request.method} /{'/'.join(parts)}"


class _RetryableStatus(Exception):
    """A 5xx answer (kept to be returned if no retry is left)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


class _ShortRateLimit(Exception):
    """A 429 whose Retry-After is short enough to wait in place."""

    def __init__(self, response: httpx.Response, retry_after: float) -> None:
        super().__init__(f"HTTP 429, retry after {retry_after:g} s")
        self.response = response
        self.retry_after = retry_after


class _LongRateLimit(Exception):
    """A 429 whose Retry-After exceeds the cap: the wait goes to the job queue."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"HTTP 429, retry after {retry_after:g} s")
        self.retry_after = retry_after


@dataclass
class _Attempt:
    number: int = 0
    started: float = 0.0
    http_status: int | None = None


class GatewayTransport(httpx.AsyncBaseTransport):
    """Wraps ``inner`` for one provider. ``persist=False`` keeps retries and events but skips
    the shared state (used while a caller holds a database lock, e.g. a token refresh)."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        gateway: ProviderGateway,
        provider: str,
        *,
        persist: bool = True,
    ) -> None:
        self._inner = inner
        self.gateway = gateway
        self.provider = provider
        self.persist = persist

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` under the gateway's policy."""
        operation = operation_name(request)
        admitted = ProviderSnapshot(self.provider)
        if self.persist:
            admitted = await self.gateway.admit(self.provider, operation)
        await request.aread()
        try:
            response = await self._with_retries(request, operation)
        except httpx.TransportError as exc:
            await self._record_failure(f"{operation}: {type(exc).__name__}")
            raise
        except _LongRateLimit as exc:
            await self._rate_limited(exc.retry_after, operation)
            raise ProviderRateLimited(self.provider, exc.retry_after) from None
        if response.status_code >= 500:
            await self._record_failure(f"{operation}: HTTP {response.status_code}")
        elif response.status_code != 429 and self.persist:
            await self.gateway.succeeded(self.provider, admitted)
        return response

    async def aclose(self) -> None:
        """The inner transport is shared and closed by its owner."""

    async def _record_failure(self, error: str) -> None:
        if self.persist:
            await self.gateway.failed(self.provider, error)

    async def _rate_limited(self, retry_after: float, operation: str) -> None:
        if self.persist:
            await self.gateway.cool_down(
                self.provider, retry_after, f"{operation}: rate limited for {retry_after:g} s"
            )

    def _should_retry(self, request: httpx.Request, exc: Exception) -> bool | float:
        idempotent = request.method in IDEMPOTENT
        if isinstance(exc, _ShortRateLimit):
            return exc.retry_after  # refused before any work: safe for every method
        if isinstance(exc, _RetryableStatus):
            return idempotent
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            return True  # never reached the server
        if isinstance(exc, httpx.TransportError):
            return idempotent
        return False

    async def _with_retries(self, request: httpx.Request, operation: str) -> httpx.Response:
        policy = self.gateway.policy
        current = _Attempt()
        try:
            async for attempt in stamina.retry_context(
                on=lambda exc: self._should_retry(request, exc),
                attempts=policy.attempts,
                timeout=policy.deadline_s,
                wait_initial=policy.wait_initial_s,
                wait_max=policy.wait_max_s,
                wait_jitter=policy.wait_jitter_s,
            ):
                if current.number:  # the previous attempt failed and is being retried
                    self._emit(operation, "retry", current)
                current = _Attempt(attempt.num, time.perf_counter())
                with attempt:
                    response = await self._attempt(request, current)
                    self._emit(operation, _final_status(response), current)
                    return response
        except _RetryableStatus as exc:
            self._emit(operation, "failed", current)
            return exc.response
        except _ShortRateLimit as exc:  # still limited after the last attempt
            self._emit(operation, "rate_limited", current)
            raise _LongRateLimit(exc.retry_after) from None
        except _LongRateLimit:
            self._emit(operation, "rate_limited", current)
            raise
        except httpx.TransportError as exc:
            self._emit(operation, "failed", current, error=type(exc).__name__)
            raise
        raise AssertionError("unreachable: stamina either returns or raises")  # pragma: no cover

    async def _attempt(self, request: httpx.Request, current: _Attempt) -> httpx.Response:
        try:
            async with asyncio.timeout(self.gateway.policy.attempt_timeout_s):
                response = await self._inner.handle_async_request(request)
                status = response.status_code
                current.http_status = status
                if status < 500 and status != 429:
                    return response
                body = await response.aread()
                await response.aclose()
        except TimeoutError:
            raise httpx.ReadTimeout("attempt timed out", request=request) from None
        copy = httpx.Response(status, headers=response.headers, content=body, request=request)
        if status >= 500:
            raise _RetryableStatus(copy)
        header = copy.headers.get("retry-after")
        if header is None:
            return copy  # e.g. slskd's "one concurrent operation": the client decides
        retry_after = parse_retry_after(header)
        if retry_after > self.gateway.policy.retry_after_cap_s:
            raise _LongRateLimit(retry_after)
        raise _ShortRateLimit(copy, retry_after)

    def _emit(self, operation: str, status: str, current: _Attempt, **extra: object) -> None:
        duration_ms = (time.perf_counter() - current.started) * 1000
        self.gateway.emit_call(
            self.provider,
            operation,
            status,
            duration_ms,
            current.number,
            current.http_status,
            **extra,
        )


def _final_status(response: httpx.Response) -> str:
    if response.status_code == 429:
        return "rate_limited"
    return "failed" if response.status_code >= 500 else "ok"
