"""``tonearm serve`` on the default set-up loads no library that only some deployments need.

Start-up time is a target (docs/benchmarks.md); these libraries cost it for nothing on SQLite
with the memory cache: Alembic (an up-to-date database needs no migration run), the redis client,
the psycopg driver, the emulators, and httpcore (the providers' connection pool and its TLS
context are made by the first provider call).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

OPTIONAL = ("alembic", "redis", "psycopg", "tonearm.emulators", "httpcore")

PROBE = """
import sys
from tonearm.cli.main import app  # the console entry point's module
from tonearm.app import create_app
from tonearm.config import Settings
from tonearm.db.migrate import upgrade

settings = Settings()
settings.data_dir.mkdir(parents=True, exist_ok=True)
upgrade(settings.resolved_database_url)
create_app(settings)
print(" ".join(sys.modules))
"""


def _modules_after_start(data_dir: Path) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONEARM_")}
    env |= {"TONEARM_DATA_DIR": str(data_dir), "TONEARM_API_KEY": "k" * 32}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, check=True, capture_output=True, text=True
    )
    return set(out.stdout.split())


def _optional(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == o or m.startswith(o + ".") for o in OPTIONAL)}


def test_a_restart_on_the_default_set_up_loads_no_optional_library(tmp_path: Path) -> None:
    _modules_after_start(tmp_path)  # first start: migrates, so Alembic is loaded then
    assert _optional(_modules_after_start(tmp_path)) == set()


def test_the_first_start_migrates_with_alembic(tmp_path: Path) -> None:
    assert "alembic" in _optional(_modules_after_start(tmp_path))
