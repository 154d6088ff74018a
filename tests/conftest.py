"""Fixtures shared by every tier.

Databases are real: SQLite always, PostgreSQL when ``TONEARM_TEST_POSTGRES_URL`` is set (in CI
a skipped PostgreSQL test fails the run). Log events are captured with
``structlog.testing.capture_logs`` (see docs/observability.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.support.databases import (
    PostgresTemplate,
    SqliteTemplate,
    postgres_admin_url,
    postgres_required,
)
from tonearm.app import create_app
from tonearm.config import Settings
from tonearm.observability import configure_logging

TEST_API_KEY = "test-api-key-0123456789abcdef"


def pytest_configure(config: pytest.Config) -> None:
    configure_logging("INFO", "json")
    config.stash[_PG_RAN] = 0
    config.stash[_PG_SKIPPED] = []


_PG_RAN = pytest.StashKey[int]()
_PG_SKIPPED = pytest.StashKey[list[str]]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if "postgres" not in item.keywords:
        return
    if report.when == "call" and report.passed:
        item.config.stash[_PG_RAN] += 1
    if report.skipped and postgres_required() and not hasattr(report, "wasxfail"):
        item.config.stash[_PG_SKIPPED].append(item.nodeid)
        report.outcome = "failed"
        report.longrepr = f"PostgreSQL test skipped in CI: {report.longrepr}"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    terminalreporter.write_line(f"PostgreSQL-backed tests passed: {config.stash[_PG_RAN]}")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate]:
    admin = postgres_admin_url()
    if not admin:
        pytest.skip("TONEARM_TEST_POSTGRES_URL is not set")
    template = PostgresTemplate(admin)
    yield template
    template.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database on each backend."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_template").clone(tmp_path / "tonearm.db")
        return
    template: PostgresTemplate = request.getfixturevalue("postgres_template")
    url = template.clone()
    yield url
    template.drop(url)


@pytest.fixture
def sqlite_url(sqlite_template: SqliteTemplate, tmp_path: Path) -> str:
    """A fresh, migrated SQLite database (for tests that need only one backend)."""
    return sqlite_template.clone(tmp_path / "tonearm.db")


def create_settings(tmp_path: Path, database_url: str, **overrides: Any) -> Settings:
    """Settings for a test app: its own data dir, a known API key, no embedded worker."""
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "database_url": database_url,
        "api_key": TEST_API_KEY,
        "embedded_worker": False,
        "migrate_on_start": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return create_settings(tmp_path, db_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


def api_client(app: FastAPI, *, key: str | None = TEST_API_KEY) -> httpx.AsyncClient:
    """An HTTP client talking to ``app`` in-process."""
    headers = {"X-API-Key": key} if key else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tonearm.test", headers=headers
    )


@asynccontextmanager
async def serving(
    app: FastAPI, *, key: str | None = TEST_API_KEY
) -> AsyncIterator[httpx.AsyncClient]:
    """Run ``app``'s lifespan and yield a client for it (for tests that build their own app)."""
    async with app.router.lifespan_context(app), api_client(app, key=key) as http:
        yield http


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(app) as http:
        yield http


@pytest.fixture
async def anon_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(app, key=None) as http:
        yield http
