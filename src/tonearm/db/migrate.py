"""Run Alembic migrations programmatically (the only way the schema is made)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine as create_sync_engine

from tonearm.db.engine import sync_url

__all__ = [
    "alembic_config",
    "current_revision",
    "current_revisions",
    "downgrade",
    "head_revision",
    "head_revisions",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that needs no alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Migrate the database at ``url`` up to ``revision`` (default: every branch head).

    Each area's migrations form a branch off the foundation revision, so areas developed side
    by side never fight over one linear chain; ``heads`` applies them all.
    """
    _ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision``."""
    command.downgrade(alembic_config(url), revision)


def head_revisions(url: str) -> frozenset[str]:
    """The newest revision of every branch the code knows."""
    return frozenset(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def current_revisions(url: str) -> frozenset[str]:
    """The revisions the database is at (empty when unmigrated)."""
    engine = create_sync_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return frozenset(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def head_revision(url: str) -> str | None:
    """The code's heads as one display string (None when there are none)."""
    return ",".join(sorted(head_revisions(url))) or None


def current_revision(url: str) -> str | None:
    """The database's heads as one display string (None when unmigrated)."""
    return ",".join(sorted(current_revisions(url))) or None


def _ensure_sqlite_dir(url: str) -> None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
