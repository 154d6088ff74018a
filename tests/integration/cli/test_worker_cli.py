"""`tonearm worker` runs the real handlers with the same services as the app, and stops on
SIGTERM; `tonearm jobs list` reads the same queue."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TONEARM = [sys.executable, "-m", "tonearm.cli.entry"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONEARM_")}
    env["TONEARM_DATA_DIR"] = str(tmp_path / "data")
    return env


def _jobs(env: dict[str, str]) -> list[dict[str, object]]:
    out = subprocess.run(
        [*TONEARM, "jobs", "list", "--json"], env=env, capture_output=True, text=True, check=True
    )
    items: list[dict[str, object]] = json.loads(out.stdout)["items"]
    return items


@pytest.mark.slow
class TestWorkerCli:
    def test_scheduled_jobs_succeed_and_sigterm_stops_cleanly(self, tmp_path: Path) -> None:
        env = _env(tmp_path)
        subprocess.run([*TONEARM, "migrate"], env=env, check=True, capture_output=True)
        worker = subprocess.Popen(
            [*TONEARM, "worker", "--concurrency", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 30
            jobs: list[dict[str, object]] = []
            while time.monotonic() < deadline:
                jobs = _jobs(env)
                if jobs and all(j["status"] == "succeeded" for j in jobs):
                    break
                time.sleep(0.2)  # polling the queue from outside; the condition is the sync
            assert jobs, "the scheduler enqueued nothing"
            assert {j["status"] for j in jobs} == {"succeeded"}, jobs
        finally:
            worker.send_signal(signal.SIGTERM)
            _, stderr = worker.communicate(timeout=20)
        assert worker.returncode == 0, stderr[-2000:]
        assert '"orchestrator.worker_stopped"' in stderr
        assert '"orchestrator.dead"' not in stderr
