"""Migrations are the only schema source: round trip, and models == migrations."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

import tonearm.db.models  # noqa: F401
from tests.support.databases import PostgresTemplate
from tonearm.db.base import Base
from tonearm.db.engine import sync_url
from tonearm.db.migrate import (
    current_revision,
    current_revisions,
    downgrade,
    head_revision,
    head_revisions,
    script_heads,
    upgrade,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
        return
    template: PostgresTemplate = request.getfixturevalue("postgres_template")
    url = template.empty()
    yield url
    template.drop(url)


def _tables(url: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


class TestMigrations:
    def test_upgrade_downgrade_upgrade(self, empty_db: str) -> None:
        upgrade(empty_db)
        assert current_revision(empty_db) == head_revision(empty_db)
        assert _tables(empty_db) == set(Base.metadata.tables)
        downgrade(empty_db, "base")
        assert current_revision(empty_db) is None
        assert _tables(empty_db) == set()
        upgrade(empty_db)
        assert _tables(empty_db) == set(Base.metadata.tables)

    def test_models_match_migrations(self, empty_db: str) -> None:
        upgrade(empty_db)
        engine = create_engine(sync_url(empty_db))
        try:
            with engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(context, Base.metadata)
        finally:
            engine.dispose()
        assert diff == [], diff

    def test_heads_read_from_the_scripts_are_alembics_heads(self, empty_db: str) -> None:
        assert head_revisions(empty_db) == script_heads()

    def test_a_missing_branch_head_is_still_applied(self, empty_db: str) -> None:
        upgrade(empty_db)
        downgrade(empty_db, "0006")  # takes 0008_quality off; the other branches stay
        assert current_revisions(empty_db) == (script_heads() - {"0008_quality"}) | {"0006"}
        upgrade(empty_db)
        assert current_revisions(empty_db) == script_heads()


def test_start_on_an_up_to_date_database_needs_no_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    probe = (
        "import sys; from tonearm.db.migrate import upgrade; "
        f"upgrade({url!r}); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
