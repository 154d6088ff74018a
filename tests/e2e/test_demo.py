"""``tonearm demo`` as a real process: ready, both providers ok, stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

TONEARM = Path(sys.executable).with_name("tonearm")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, process: subprocess.Popen[str], deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "the demo exited early"
        try:
            if httpx.get(f"{base}/api/health/live", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the demo did not start in time")


def _api_key(out_path: Path) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in out_path.read_text().splitlines():
            if line.startswith("API key: "):
                return line.removeprefix("API key: ").strip()
        time.sleep(0.05)
    raise AssertionError("the demo printed no API key")


@pytest.mark.e2e
def test_demo_serves_both_providers(tmp_path: Path) -> None:
    port = _free_port()
    out_path = tmp_path / "demo.out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONEARM_")}
    with out_path.open("w") as out:
        process = subprocess.Popen(
            [str(TONEARM), "demo", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process, 30)
        headers = {"X-API-Key": _api_key(out_path)}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
            deadline = time.monotonic() + 20
            while (ready := http.get("/api/health/ready")).status_code != 200:
                assert time.monotonic() < deadline, ready.text
                time.sleep(0.2)
            checks = ready.json()["checks"]
            assert checks["slskd"]["status"] == "ok"
            assert checks["spotify"]["status"] == "ok"
            status = http.get("/api/v1/spotify/status").json()
            assert status["credentials_configured"] is True
            assert status["mode"] == "free"
            report = http.get("/api/v1/integrations").json()
            assert report["overall"] == "ok"
            assert {i["name"]: i["status"] for i in report["items"]} == {
                "slskd": "ok",
                "spotify": "ok",
            }
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    assert code == 0, out_path.read_text()[-2000:]
    assert "demo stopped" in out_path.read_text()
