"""Bounded fuzz of every operation in Tonearm's OpenAPI: no 5xx, every response on schema.

The full run (more examples, both backends) is ``bench/fuzz_api.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TEST_API_KEY, create_settings
from tests.fuzz.harness import InProcessApi, backend_of, fuzz_app, loopback_only, operations
from tonearm.app import create_app

MAX_EXAMPLES = 15


class TestOpenApiFuzz:
    def test_every_operation_survives_generated_requests(
        self,
        tmp_path: Path,
        db_url: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.chdir(tmp_path)
        settings = create_settings(tmp_path, db_url, feature_admin_api=True)
        app = create_app(settings)
        with loopback_only(), InProcessApi(app, TEST_API_KEY) as api:
            report = fuzz_app(
                api, max_examples=MAX_EXAMPLES, sandbox=tmp_path, backend=backend_of(db_url)
            )
        with capsys.disabled():
            print(f"\n{report.summary()}")
        assert report.operations == len(operations(app))
        assert report.cases >= report.operations
        assert report.failures == {}, "\n\n".join(
            f"{label}\n{error}" for label, error in report.failures.items()
        )

    def test_the_harness_reports_a_server_error(
        self, tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A route that answers 500 is caught (the checks can fail)."""
        monkeypatch.chdir(tmp_path)
        app = create_app(create_settings(tmp_path, sqlite_url))

        @app.get("/api/v1/broken")
        async def broken() -> dict[str, str]:
            raise RuntimeError("boom")

        with InProcessApi(app, TEST_API_KEY) as api:
            report = fuzz_app(
                api,
                max_examples=3,
                sandbox=tmp_path,
                select=lambda op: op.path == "/api/v1/broken",
            )
        assert list(report.failures) == ["GET /api/v1/broken"]
        assert "Server error" in report.failures["GET /api/v1/broken"]
