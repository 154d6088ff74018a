"""Start and stop test worker processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.integration.orchestrator.tasks_for_tests import TEST_TABLES
from tonearm.db.engine import sync_url

REPO = Path(__file__).resolve().parents[3]


def create_test_tables(url: str) -> None:
    """The tables the test handlers write their side effects to."""
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            for ddl in TEST_TABLES:
                conn.execute(text(ddl))
    finally:
        engine.dispose()


def query(url: str, sql: str) -> list[tuple[object, ...]]:
    """Run one read query synchronously."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql)).all()]
    finally:
        engine.dispose()


def start_worker(url: str, *extra: str) -> subprocess.Popen[bytes]:
    """A worker process running the test handlers."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.orchestrator.worker_main", url, *extra],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    """Kill every process still running and reap it."""
    for proc in processes:
        if proc.poll() is None:
            proc.kill()
    for proc in processes:
        proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()
