"""ruff's security rules (the S family) are clean on the whole source tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class TestStaticSecurityChecks:
    def test_ruff_security_rules_are_clean(self) -> None:
        ruff = Path(sys.executable).with_name("ruff")
        result = subprocess.run(
            [str(ruff), "check", "--select", "S", "--output-format", "concise", "src", "bench"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def test_no_source_file_disables_the_whole_s_family(self) -> None:
        offenders = [
            str(path.relative_to(REPO))
            for path in (REPO / "src").rglob("*.py")
            if "ruff: noqa\n" in path.read_text(encoding="utf-8")
            or "# ruff: noqa: S\n" in path.read_text(encoding="utf-8")
        ]
        assert offenders == []
