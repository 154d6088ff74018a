"""The command line: apikey, migrate, doctor, version."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonearm import __version__
from tonearm.cli.main import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("TONEARM_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TONEARM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


class TestCli:
    def test_version(self) -> None:
        result = runner.invoke(app, ["version"])
        assert result.exit_code == 0
        assert result.output.strip() == __version__

    def test_apikey_is_generated_once_private_and_rotatable(self, env: Path) -> None:
        first = runner.invoke(app, ["apikey", "show"])
        assert first.exit_code == 0
        key = first.output.strip().splitlines()[-1]
        assert len(key) >= 32
        assert stat.S_IMODE((env / "api_key").stat().st_mode) == 0o600
        again = runner.invoke(app, ["apikey", "show"]).output.strip().splitlines()[-1]
        assert again == key
        rotated = runner.invoke(app, ["apikey", "rotate"]).output.strip().splitlines()[-1]
        assert rotated != key
        assert runner.invoke(app, ["apikey", "show"]).output.strip().splitlines()[-1] == rotated

    def test_env_key_wins(self, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("TONEARM_API_KEY", "from-the-environment-123")
        result = runner.invoke(app, ["apikey", "show"])
        assert result.output.strip().splitlines()[-1] == "from-the-environment-123"

    def test_doctor_fails_before_migrate_and_passes_after(self, env: Path) -> None:
        before = runner.invoke(app, ["doctor"])
        assert before.exit_code == 1
        assert "[FAIL] migrations" in before.output
        assert runner.invoke(app, ["migrate"]).exit_code == 0
        after = runner.invoke(app, ["doctor"])
        assert after.exit_code == 0, after.output
        assert "[OK  ] database: sqlite" in after.output
        assert "doctor: all checks passed" in after.output

    def test_doctor_reports_an_unwritable_library(
        self, env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        monkeypatch.setenv("TONEARM_LIBRARY_DIR", str(blocker / "music"))
        runner.invoke(app, ["migrate"])
        result = runner.invoke(app, ["doctor"])
        assert result.exit_code == 1
        assert "[FAIL] library_dir" in result.output

    def test_invalid_setting_is_explained(self, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("TONEARM_PORT", "not-a-port")
        result = runner.invoke(app, ["doctor"])
        assert result.exit_code == 2
        assert "TONEARM_PORT" in result.output
