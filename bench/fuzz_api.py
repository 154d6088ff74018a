"""Full fuzz of Tonearm's own OpenAPI: every operation, many examples, SQLite and PostgreSQL.

Usage: ``.venv/bin/python bench/fuzz_api.py [--examples N] [--backend sqlite|postgres|both]
[--seed-random]``

The bounded form runs in ``make test`` (tests/fuzz). This one generates more cases per
operation (default 200), enables the admin routes, and prints the failures with a curl
reproduction. PostgreSQL needs ``TONEARM_TEST_POSTGRES_URL`` (a scratch database is created and
dropped). Final line: JSON ``{"cases", "operations", "failures", "seconds", "backend"}`` per
backend in a list. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

# bench/ holds modules named like the standard library (queue.py): keep it off the path.
sys.path.remove(str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import TEST_API_KEY, create_settings
from tests.fuzz.harness import FuzzReport, InProcessApi, backend_of, fuzz_app, loopback_only
from tests.support.databases import PostgresTemplate, SqliteTemplate, postgres_admin_url

from tonearm.app import create_app
from tonearm.observability import configure_logging


def run_backend(backend: str, examples: int, derandomize: bool) -> FuzzReport:
    """One full fuzz run against a fresh migrated database of ``backend``."""
    with tempfile.TemporaryDirectory(prefix="tonearm-fuzz-") as folder:
        tmp = Path(folder)
        template: PostgresTemplate | None = None
        if backend == "postgres":
            admin = postgres_admin_url()
            if not admin:
                raise SystemExit("TONEARM_TEST_POSTGRES_URL is not set")
            template = PostgresTemplate(admin)
            url = template.clone()
        else:
            url = SqliteTemplate(tmp / "template").clone(tmp / "tonearm.db")
        try:
            app = create_app(create_settings(tmp, url, feature_admin_api=True))
            with loopback_only(), InProcessApi(app, TEST_API_KEY) as api:
                return fuzz_app(
                    api,
                    max_examples=examples,
                    sandbox=tmp,
                    derandomize=derandomize,
                    backend=backend_of(url),
                )
        finally:
            if template is not None:
                template.drop(url)
                template.close()


def main() -> int:
    """Parse arguments, fuzz each backend, print the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seed-random", action="store_true", help="non-deterministic run")
    args = parser.parse_args()
    configure_logging(
        "CRITICAL",
        "json",
        stream=open(  # noqa: SIM115 - lives for the run
            "/dev/null", "w", encoding="utf-8"
        ),
    )
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        if backend == "postgres" and not postgres_admin_url():
            print("postgres: skipped (TONEARM_TEST_POSTGRES_URL is not set)")
            continue
        report = run_backend(backend, args.examples, not args.seed_random)
        print(f"{backend}: {report.summary()}")
        for label, count in sorted(report.by_operation.items()):
            print(f"  {count:5d}  {label}")
        for label, error in report.failures.items():
            print(f"\nFAILED {label}\n{error}")
        results.append(
            {
                "backend": backend,
                "cases": report.cases,
                "operations": report.operations,
                "failures": sorted(report.failures),
                "seconds": round(report.seconds, 2),
            }
        )
    print(json.dumps(results))
    return 1 if any(r["failures"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
