"""System checks shared by `doctor` and readiness."""

from tonearm.domain.system.checks import Check, CheckStatus, run_local_checks

__all__ = ["Check", "CheckStatus", "run_local_checks"]
