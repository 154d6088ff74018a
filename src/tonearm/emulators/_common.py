"""Building blocks shared by the emulators: fault injection, data-file reloading, request logs.

Every emulator is a plain Starlette app wrapped in `RequestLogMiddleware` and
`FaultMiddleware`; its data lives in a `JsonDataFile` that reloads when the file changes.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar

import anyio
import httpx
import uvicorn
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "FAULTS_ADMIN_PATH",
    "ConnectionDropped",
    "FaultMiddleware",
    "FaultRule",
    "FaultSet",
    "JsonDataFile",
    "RequestLogMiddleware",
    "load_fault_rules",
    "run_emulator",
    "wrap_emulator",
]

FAULTS_ADMIN_PATH = "/_emulator/faults"

logger = logging.getLogger("tonearm.emulator")

T = TypeVar("T")
ErrorBodyFactory = Callable[[int], bytes]


class ConnectionDropped(httpx.RemoteProtocolError):
    """The emulator dropped the connection without a complete response (injected fault)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "connection dropped"))


class FaultRule(BaseModel):
    """One injected fault: which requests it hits and what happens to them.

    `match` is "<METHOD> <path glob>" (method may be `*`). A rule with `times` set applies
    that many times and then disappears; without it the rule stays until cleared.
    """

    model_config = ConfigDict(extra="forbid")

    match: str
    status: int | None = Field(default=None, ge=400, le=599)
    retry_after: float | None = Field(default=None, ge=0)
    delay_ms: int = Field(default=0, ge=0)
    drop: bool = False
    times: int | None = Field(default=None, ge=1)

    def matches(self, method: str, path: str) -> bool:
        """Tell whether this rule applies to a request."""
        rule_method, _, glob = self.match.strip().partition(" ")
        glob = glob.strip() or "*"
        if rule_method != "*" and rule_method.upper() != method.upper():
            return False
        return fnmatch.fnmatchcase(path, glob)


_RULES_ADAPTER = TypeAdapter(list[FaultRule])


def parse_fault_rules(payload: Any) -> list[FaultRule]:
    """Parse `{"rules": [...]}` or a bare list of rules; raise ValueError when malformed."""
    raw = payload.get("rules", []) if isinstance(payload, dict) else payload
    try:
        return _RULES_ADAPTER.validate_python(raw)
    except ValidationError as exc:
        raise ValueError(f"invalid fault rules: {exc}") from exc


def load_fault_rules(path: Path) -> list[FaultRule]:
    """Read fault rules from a JSON file (`{"rules": [...]}` or a list)."""
    return parse_fault_rules(json.loads(path.read_text(encoding="utf-8")))


class FaultSet:
    """The live, thread-safe list of fault rules of one emulator."""

    def __init__(self, rules: Iterable[FaultRule] = ()) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = list(rules)
        self._remaining: list[int | None] = [r.times for r in self._rules]

    def replace(self, rules: Iterable[FaultRule]) -> None:
        """Replace every rule."""
        with self._lock:
            self._rules = list(rules)
            self._remaining = [r.times for r in self._rules]

    def clear(self) -> None:
        """Remove every rule."""
        self.replace(())

    def describe(self) -> list[dict[str, Any]]:
        """Current rules, with `times` showing what is left."""
        with self._lock:
            return [
                r.model_copy(update={"times": left}).model_dump(exclude_none=True)
                for r, left in zip(self._rules, self._remaining, strict=True)
            ]

    def take(self, method: str, path: str) -> FaultRule | None:
        """Return the first rule matching the request, consuming one of its `times`."""
        with self._lock:
            for index, rule in enumerate(self._rules):
                if not rule.matches(method, path):
                    continue
                left = self._remaining[index]
                if left is not None:
                    if left <= 1:
                        del self._rules[index]
                        del self._remaining[index]
                    else:
                        self._remaining[index] = left - 1
                return rule
        return None


def default_error_body(status: int) -> bytes:
    """Spotify-style error body, also acceptable to clients that only read the status."""
    message = {429: "API rate limit exceeded", 503: "Service unavailable"}.get(
        status, "Server error"
    )
    return json.dumps({"error": {"status": status, "message": message}}).encode()


class FaultMiddleware:
    """Pure-ASGI middleware applying `FaultSet` rules and serving the faults admin route.

    `GET /_emulator/faults` lists rules, `POST` replaces them (body `{"rules": [...]}`),
    `DELETE` clears them. Admin requests are never subject to faults.
    """

    def __init__(
        self,
        app: ASGIApp,
        faults: FaultSet | None = None,
        error_body: ErrorBodyFactory = default_error_body,
    ) -> None:
        self.app = app
        self.faults = faults if faults is not None else FaultSet()
        self.error_body = error_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        if path == FAULTS_ADMIN_PATH:
            await self._admin(method, receive, send)
            return
        rule = self.faults.take(method, path)
        if rule is None:
            await self.app(scope, receive, send)
            return
        await self._apply(rule, scope, receive, send)

    async def _apply(self, rule: FaultRule, scope: Scope, receive: Receive, send: Send) -> None:
        if rule.delay_ms:
            await anyio.sleep(rule.delay_ms / 1000)
        if rule.drop:
            await _drop_connection(send)
        elif rule.status is not None:
            headers = [(b"content-type", b"application/json")]
            if rule.retry_after is not None:
                headers.append((b"retry-after", _format_seconds(rule.retry_after).encode()))
            await _send_bytes(send, rule.status, self.error_body(rule.status), headers)
        else:
            await self.app(scope, receive, send)

    async def _admin(self, method: str, receive: Receive, send: Send) -> None:
        status = 200
        if method == "POST":
            try:
                self.faults.replace(parse_fault_rules(json.loads(await _read_body(receive))))
            except ValueError as exc:
                await _send_json(send, 400, {"error": str(exc)})
                return
        elif method == "DELETE":
            self.faults.clear()
        elif method != "GET":
            status = 405
        await _send_json(send, status, {"rules": self.faults.describe()})


async def _drop_connection(send: Send) -> None:
    """Start a response then fail: uvicorn closes the socket mid-response, in-process
    transports see the exception itself; both surface to httpx as a RemoteProtocolError."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", b"64"), (b"content-type", b"application/json")],
        }
    )
    raise ConnectionDropped()


def _format_seconds(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else str(seconds)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send_bytes(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_json(send: Send, status: int, payload: Any) -> None:
    body = json.dumps(payload).encode()
    await _send_bytes(send, status, body, [(b"content-type", b"application/json")])


class RequestLogMiddleware:
    """Log one line per HTTP request: method, path, status and duration."""

    def __init__(self, app: ASGIApp, name: str = "emulator") -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: list[int] = []

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            logger.info(
                "%s.request method=%s path=%s status=%s duration_ms=%.1f",
                self.name,
                scope["method"],
                scope["path"],
                status[0] if status else "dropped",
                (time.perf_counter() - started) * 1000,
            )


def wrap_emulator(
    app: ASGIApp,
    name: str,
    faults: FaultSet | None = None,
    error_body: ErrorBodyFactory = default_error_body,
) -> tuple[ASGIApp, FaultSet]:
    """Wrap an app in fault injection and request logging; return the app and its faults."""
    fault_set = faults if faults is not None else FaultSet()
    wrapped = RequestLogMiddleware(FaultMiddleware(app, fault_set, error_body), name=name)
    return wrapped, fault_set


class JsonDataFile(Generic[T]):
    """A JSON file parsed into `T`, re-read whenever its inode, mtime or size changes.

    The check is one `stat()` per `get()`. A file that is momentarily invalid (being
    rewritten) keeps serving the last good version.
    """

    def __init__(self, path: Path, parse: Callable[[Any], T]) -> None:
        self.path = path
        self._parse = parse
        self._lock = threading.Lock()
        self._signature: tuple[int, int, int] | None = None
        self._value: T = self._load()

    def _stat_signature(self) -> tuple[int, int, int]:
        st = self.path.stat()
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _load(self) -> T:
        signature = self._stat_signature()
        value = self._parse(json.loads(self.path.read_text(encoding="utf-8")))
        self._signature = signature
        return value

    def get(self) -> T:
        """Return the parsed data, reloading it first if the file changed on disk."""
        with self._lock:
            try:
                if self._stat_signature() != self._signature:
                    self._value = self._load()
                    logger.info("emulator.data_reloaded path=%s", self.path)
            except (OSError, ValueError) as exc:
                logger.warning("emulator.data_reload_failed path=%s error=%s", self.path, exc)
            return self._value


def run_emulator(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> None:
    """Serve an emulator with uvicorn until interrupted (blocking)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
