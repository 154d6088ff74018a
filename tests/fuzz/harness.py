"""Fuzz Tonearm's own OpenAPI in process: schemathesis makes the cases, httpx sends them.

Schemathesis generates a case per operation from the app's live OpenAPI description; the case
is sent through ``httpx.ASGITransport`` to the app (lifespan running on one event loop) with a
valid API key, and the response is validated with ``not_a_server_error`` and
``response_schema_conformance``. Used by the bounded test in this folder and by
``bench/fuzz_api.py`` (the full run).

No byte leaves the machine: while fuzzing, name resolution answers only for loopback names, so
any outbound call the fuzzer provokes fails fast as a dependency error, as it would offline.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.case import Case
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import response_schema_conformance

__all__ = [
    "CHECKS",
    "KNOWN_ISSUES",
    "FuzzReport",
    "InProcessApi",
    "KnownIssue",
    "backend_of",
    "fuzz_app",
    "loopback_only",
    "operations",
    "to_httpx_kwargs",
]

CHECKS = [not_a_server_error, response_schema_conformance]
BASE_URL = "http://tonearm.test"
_LOOPBACK_NAMES = {"127.0.0.1", "::1", "localhost", "tonearm.test", "testserver"}
# Settings whose value is a folder: a fuzzed absolute path there would make the server create
# directories outside the test's temporary folder, so such cases are not sent.
_FOLDER_KEYS = ("data_dir", "downloads_dir", "library_dir", "slskd_downloads_dir")


@dataclass(frozen=True)
class KnownIssue:
    """Inputs of a reported, not yet fixed finding: not sent, so the rest keeps being fuzzed.

    Each one has an ``xfail(strict=True)`` regression test; when the fix lands that test fails
    and this entry must go.
    """

    operations: frozenset[str]
    applies: Callable[[Case], bool]
    regression: str
    backend: str | None = None

    def covers(self, case: Case, backend: str) -> bool:
        """Whether ``case`` is an input of this finding on ``backend``."""
        if self.backend is not None and self.backend != backend:
            return False
        return case.operation.label in self.operations and self.applies(case)


# No open findings: every fuzz input is sent. A new finding that cannot be fixed at once gets
# an entry here and an ``xfail(strict=True)`` regression test.
KNOWN_ISSUES: tuple[KnownIssue, ...] = ()


@contextmanager
def loopback_only() -> Iterator[None]:
    """Refuse name resolution of anything but loopback names while the block runs."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in _LOOPBACK_NAMES:
            raise socket.gaierror(socket.EAI_NONAME, f"offline test: {name} not resolved")
        return real(host, *args, **kwargs)

    socket.getaddrinfo = guarded  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.getaddrinfo = real


def backend_of(database_url: str) -> str:
    """``sqlite`` or ``postgresql``: the dialect of a database URL."""
    return database_url.split(":", 1)[0].split("+", 1)[0]


class InProcessApi:
    """The app with its lifespan running on a private event loop, driven from sync code."""

    def __init__(self, app: FastAPI, api_key: str) -> None:
        self.app = app
        self.api_key = api_key
        self._runner = asyncio.Runner()
        self._stack = AsyncExitStack()
        self.client: httpx.AsyncClient | None = None
        self.on_response: Callable[[httpx.Response], None] | None = None

    def __enter__(self) -> InProcessApi:
        self._runner.__enter__()
        self._runner.run(self._start())
        return self

    async def _start(self) -> None:
        await self._stack.enter_async_context(self.app.router.lifespan_context(self.app))
        self.client = await self._stack.enter_async_context(
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=self.app, raise_app_exceptions=False),
                base_url=BASE_URL,
                headers={"X-API-Key": self.api_key},
                timeout=30,
            )
        )

    def __exit__(self, *exc: object) -> None:
        try:
            self._runner.run(self._stack.aclose())
        finally:
            self._runner.__exit__(None, None, None)

    def send(self, case: Case) -> httpx.Response:
        """Send one generated case and return the response."""
        assert self.client is not None
        response: httpx.Response = self._runner.run(self._send(self.client, case))
        if self.on_response is not None:
            self.on_response(response)
        return response

    @staticmethod
    async def _send(client: httpx.AsyncClient, case: Case) -> httpx.Response:
        request = client.build_request(**to_httpx_kwargs(case))
        await request.aread()  # multipart bodies stream: read them so checks can show them
        return await client.send(request)

    def run(self, coro: Any) -> Any:
        """Run ``coro`` on the app's loop (for seeding data between cases)."""
        return self._runner.run(coro)


def to_httpx_kwargs(case: Case) -> dict[str, Any]:
    """Translate schemathesis' requests-style call arguments into httpx ones."""
    raw = case.as_transport_kwargs(base_url=BASE_URL)
    kwargs: dict[str, Any] = {"method": raw["method"], "url": raw["url"]}
    headers = {k: v for k, v in (raw.get("headers") or {}).items() if k.lower() != "connection"}
    cookies = raw.get("cookies") or {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    kwargs["headers"] = headers
    if raw.get("params"):
        kwargs["params"] = raw["params"]
    if "json" in raw:
        kwargs["json"] = raw["json"]
    data = raw.get("data")
    if isinstance(data, bytes | str):
        kwargs["content"] = data
    elif data is not None:
        kwargs["data"] = data
    if raw.get("files"):
        kwargs["files"] = [_file_field(name, value) for name, value in raw["files"]]
    return kwargs


def _text(value: str) -> str:
    """``value`` with lone surrogates replaced (they cannot go on the wire as UTF-8)."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _file_field(name: str, value: Any) -> tuple[str, Any]:
    """One requests-style multipart field as httpx accepts it (bytes content, clean names)."""
    if not isinstance(value, tuple):
        value = (None, value)
    filename, content, *rest = value
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    elif not isinstance(content, bytes):
        content = str(content).encode()
    clean = _text(filename) if isinstance(filename, str) else filename
    return _text(str(name)), (clean, content, *rest)


def operations(app: FastAPI) -> list[APIOperation]:
    """Every operation of the app's OpenAPI description (the live one, not a snapshot)."""
    schema = schemathesis.openapi.from_dict(app.openapi())
    return [result.ok() for result in schema.get_all_operations()]


@dataclass
class FuzzReport:
    """What a fuzz run did and found."""

    cases: int = 0
    operations: int = 0
    skipped_cases: int = 0
    known_issue_cases: int = 0
    by_operation: dict[str, int] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for a person."""
        return (
            f"fuzz: {self.cases} cases over {self.operations} operations in "
            f"{self.seconds:.1f}s, {len(self.failures)} failing operations"
            f" ({self.skipped_cases} unsafe and {self.known_issue_cases} known-issue cases"
            " not sent)"
        )


def _unsafe(case: Case, sandbox: Path) -> bool:
    body = case.body if isinstance(case.body, dict) else {}
    for key in _FOLDER_KEYS:
        value = body.get(key)
        if (
            isinstance(value, str)
            and value
            and not Path(sandbox, value).resolve().is_relative_to(sandbox.resolve())
        ):
            return True
    return False


def fuzz_app(
    api: InProcessApi,
    *,
    max_examples: int,
    sandbox: Path,
    derandomize: bool = True,
    backend: str = "sqlite",
    deadline_s: float | None = None,
    select: Callable[[APIOperation], bool] = lambda _op: True,
) -> FuzzReport:
    """Fuzz every selected operation of ``api.app``; failures are collected, not raised."""
    report = FuzzReport()
    started = time.perf_counter()
    for operation in operations(api.app):
        if not select(operation):
            continue
        if deadline_s is not None and time.perf_counter() - started > deadline_s:
            break
        report.operations += 1
        options = _Options(max_examples, sandbox, derandomize, backend)
        error = _fuzz_operation(api, operation, options, report)
        if error is not None:
            report.failures[operation.label] = error
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True)
class _Options:
    max_examples: int
    sandbox: Path
    derandomize: bool
    backend: str


def _fuzz_operation(
    api: InProcessApi, operation: APIOperation, options: _Options, report: FuzzReport
) -> str | None:
    @hypothesis_settings(
        max_examples=options.max_examples,
        deadline=None,
        database=None,
        derandomize=options.derandomize,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        print_blob=False,
    )
    @given(case=operation.as_strategy())
    def check(case: Case) -> None:
        if _unsafe(case, options.sandbox):
            report.skipped_cases += 1
            return
        if any(issue.covers(case, options.backend) for issue in KNOWN_ISSUES):
            report.known_issue_cases += 1
            return
        report.cases += 1
        report.by_operation[operation.label] = report.by_operation.get(operation.label, 0) + 1
        response = api.send(case)
        case.validate_response(response, checks=CHECKS)

    try:
        check()
    # schemathesis raises a BaseExceptionGroup of failures; each carries its reproduction.
    except (Exception, BaseExceptionGroup) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None
