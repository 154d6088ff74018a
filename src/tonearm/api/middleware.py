"""Pure ASGI middleware: request id + ``api.request`` event, body size caps, API key auth."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tonearm.api.errors import envelope
from tonearm.observability import Metrics, get_logger
from tonearm.security import ApiKeyStore

__all__ = [
    "AuthMiddleware",
    "BodyLimitMiddleware",
    "NulByteMiddleware",
    "RequestContextMiddleware",
]

log = get_logger("tonearm.api")
security_log = get_logger("tonearm.security")


async def _send_json(send: Send, status: int, body: dict[str, Any], headers: list[Any]) -> None:
    import json

    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestContextMiddleware:
    """Bind a request id, time the request and emit one ``api.request`` per request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        # prometheus_client looks a labelled child up under a lock on every call; the label
        # sets are few (route templates), so each request reuses its pair.
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = (_header(scope, b"x-request-id") or uuid.uuid4().hex)[:64]
        status = 500
        started = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_wrapper)
            finally:
                self._record(scope, status, started, request_id)

    def _record(self, scope: Scope, status: int, started: float, request_id: str) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or "<unmatched>"
        tags = getattr(route, "tags", None) or []
        component = str(tags[0]) if tags else _component_from_path(scope.get("path", ""))
        params = scope.get("path_params") or {}
        entity_id = str(next(iter(params.values()))) if params else None
        duration_ms = round((time.perf_counter() - started) * 1000, 3)
        method = scope.get("method", "GET")
        requests, latency = self._metric_series(method, template, status)
        requests.inc()
        latency.observe(duration_ms / 1000)
        log.info(
            "api.request",
            component=component,
            method=method,
            route=template,
            entity_id=entity_id,
            status=status,
            duration_ms=duration_ms,
            request_id=request_id,
        )

    def _metric_series(self, method: str, template: str, status: int) -> tuple[Any, Any]:
        key = (method, template, status)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = (
                self.metrics.http_requests.labels(method, template, str(status)),
                self.metrics.http_latency.labels(template),
            )
        return series


def _component_from_path(path: str) -> str:
    parts = [p for p in path.split("/") if p and p not in ("api", "v1")]
    return parts[0] if parts else "root"


class BodyLimitMiddleware:
    """Refuse bodies over the cap with 413 before the app reads them."""

    def __init__(
        self, app: ASGIApp, json_limit: int, upload_limit: int, upload_prefixes: tuple[str, ...]
    ) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit
        self.upload_prefixes = upload_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        is_upload = any(scope.get("path", "").startswith(p) for p in self.upload_prefixes)
        limit = self.upload_limit if is_upload else self.json_limit
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        received = 0
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    await self._refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not refused:
                raise

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        body = envelope(
            "PAYLOAD_TOO_LARGE", f"request body exceeds {limit} bytes", {"limit_bytes": limit}
        )
        await _send_json(send, 413, body, [])


class AuthMiddleware:
    """Every route needs the API key (or a UI session) except the public allowlist."""

    def __init__(
        self,
        app: ASGIApp,
        keys: ApiKeyStore,
        public_paths: frozenset[str],
        public_prefixes: tuple[str, ...],
        session_check: Callable[[Scope], bool] | None = None,
        ui_login_path: str = "/login",
    ) -> None:
        self.app = app
        self.keys = keys
        self.public_paths = public_paths
        self.public_prefixes = public_prefixes
        self.session_check = session_check
        self.ui_login_path = ui_login_path

    def _is_public(self, path: str) -> bool:
        return path in self.public_paths or path.startswith(self.public_prefixes)

    def _given_key(self, scope: Scope) -> str | None:
        key = _header(scope, b"x-api-key")
        if key:
            return key
        auth = _header(scope, b"authorization") or ""
        scheme, _, token = auth.partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._is_public(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        given = self._given_key(scope)
        if self.keys.check(given) or (
            given is None and self.session_check is not None and self.session_check(scope)
        ):
            await self.app(scope, receive, send)
            return
        await self._reject(scope, send, given is not None)

    async def _reject(self, scope: Scope, send: Send, had_key: bool) -> None:
        path = scope.get("path", "")
        client = scope.get("client")
        security_log.warning(
            "security.auth_failed",
            route=path,
            client=client[0] if client else None,
            reason="wrong_key" if had_key else "missing_key",
        )
        if self._wants_html(scope, path):
            location = f"{self.ui_login_path}?next={path}".encode()
            await send(
                {"type": "http.response.start", "status": 303, "headers": [(b"location", location)]}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        body = envelope("AUTH_REQUIRED", "a valid API key is required", None)
        await _send_json(send, 401, body, [(b"www-authenticate", b"Bearer")])

    def _wants_html(self, scope: Scope, path: str) -> bool:
        if self.session_check is None or path.startswith(("/api/", "/metrics", "/openapi")):
            return False
        return "text/html" in (_header(scope, b"accept") or "")


class NulByteMiddleware:
    """Refuse a NUL byte in an API path or query: no text Tonearm stores may contain one
    (PostgreSQL refuses it), so it is bad input on every API route, answered here once.
    UI pages clean their own filters and stay forgiving."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").startswith("/api/"):
            raw = scope.get("query_string", b"").lower()
            if b"%00" in raw or b"\x00" in raw or "\x00" in scope.get("path", ""):
                body = envelope("VALIDATION_ERROR", "NUL bytes are not allowed in a request URL")
                await _send_json(send, 422, body, [])
                return
        await self.app(scope, receive, send)
