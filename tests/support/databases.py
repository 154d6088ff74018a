"""Real databases for tests: SQLite files and PostgreSQL databases cloned from a template.

Every test database is built by running the migrations (never ``create_all``).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tonearm.db.migrate import upgrade

POSTGRES_ENV = "TONEARM_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    """The PostgreSQL server tests may create databases on, if configured."""
    return os.environ.get(POSTGRES_ENV) or None


def postgres_required() -> bool:
    """In CI a skipped PostgreSQL test is a failure."""
    return bool(os.environ.get("CI")) or os.environ.get("TONEARM_REQUIRE_POSTGRES") == "1"


class SqliteTemplate:
    """A migrated SQLite file copied for each test."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.db"
        upgrade(f"sqlite+aiosqlite:///{self.path}")

    def clone(self, target: Path) -> str:
        """A fresh migrated database at ``target``; returns its async URL."""
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, target)
        return f"sqlite+aiosqlite:///{target}"


class PostgresTemplate:
    """A migrated PostgreSQL template database; each test gets a fresh copy."""

    def __init__(self, admin_url: str) -> None:
        parsed = make_url(admin_url)
        self.admin = parsed.set(drivername="postgresql+psycopg")
        self.template = f"tonearm_tpl_{uuid.uuid4().hex[:10]}"
        self._execute(f'CREATE DATABASE "{self.template}"')
        upgrade(self._url(self.template))
        self.created: list[str] = []

    def _url(self, name: str) -> str:
        return self.admin.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        engine = create_engine(
            self.admin.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
        )
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()

    def clone(self) -> str:
        """A fresh migrated database; returns its URL."""
        name = f"tonearm_t_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.created.append(name)
        return self._url(name)

    def empty(self) -> str:
        """A fresh empty (unmigrated) database; returns its URL."""
        name = f"tonearm_e_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self._url(name)

    def drop(self, url: str) -> None:
        """Drop the database behind ``url``."""
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        """Drop the template and every database it made."""
        for name in self.created:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


@contextmanager
def scratch_postgres(admin_url: str) -> Iterator[str]:
    """An empty PostgreSQL database for one run (benchmarks), dropped afterwards; yields its URL."""
    admin = make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"tonearm_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(
        admin.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
    )
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin.set(database=name).render_as_string(hide_password=False)
        finally:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()
