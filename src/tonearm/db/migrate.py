"""Run Alembic migrations programmatically (the only way the schema is made)."""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import inspect, text

from tonearm.db.engine import sync_url

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "alembic_config",
    "current_revision",
    "current_revisions",
    "downgrade",
    "head_revision",
    "head_revisions",
    "script_heads",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_ASSIGNMENT = re.compile(r"^(revision|down_revision) = (.+)$", re.MULTILINE)


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that needs no alembic.ini."""
    from alembic.config import Config

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
    if revision == "heads" and current_revisions(url) == script_heads():
        return
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision``."""
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def head_revisions(url: str) -> frozenset[str]:
    """The newest revision of every branch the code knows, as Alembic reads the scripts."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def current_revisions(url: str) -> frozenset[str]:
    """The revisions the database is at (empty when unmigrated)."""
    engine = create_sync_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return frozenset()
            return frozenset(conn.scalars(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


@lru_cache(maxsize=1)
def script_heads() -> frozenset[str]:
    """The newest revision of every branch, read from the migration files without Alembic.

    A start on an up-to-date database compares these with ``alembic_version`` and need not load
    Alembic at all; a test holds them equal to what Alembic computes.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        fields = dict(_ASSIGNMENT.findall(script.read_text(encoding="utf-8")))
        revisions.add(ast.literal_eval(fields["revision"]))
        down = ast.literal_eval(fields["down_revision"])
        parents.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return frozenset(revisions - parents)


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
