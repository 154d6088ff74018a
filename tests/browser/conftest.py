"""Browser tests: a real ``tonearm demo`` process (both emulators, sample data) driven by
Debian's Chromium through Playwright. Never downloads a browser."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TONEARM = Path(sys.executable).with_name("tonearm")
# Faster etiquette and polling than a real network needs, so flows finish in seconds.
FAST_ENV = {
    "TONEARM_SLSKD_SEARCH_MIN_GAP_S": "0",
    "TONEARM_DOWNLOAD_POLL_INTERVAL_S": "0.3",
    "TONEARM_SLSKD_SEARCH_TIMEOUT_MS": "2000",
}


@dataclass(frozen=True)
class Demo:
    """A running demo: where it listens and its API key."""

    base_url: str
    api_key: str

    def api(self) -> httpx.Client:
        """A JSON API client for setting up a scenario."""
        return httpx.Client(base_url=self.base_url, headers={"X-API-Key": self.api_key}, timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _read_key(out: Path, process: subprocess.Popen[bytes], deadline: float) -> str:
    while time.monotonic() < deadline:
        assert process.poll() is None, out.read_text()[-2000:]
        for line in out.read_text().splitlines():
            if line.startswith("API key: "):
                return line.removeprefix("API key: ").strip()
        time.sleep(0.05)
    raise AssertionError("the demo printed no API key")


def _wait_live(base: str, process: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, "the demo exited early"
        try:
            if httpx.get(f"{base}/api/health/live", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the demo did not answer in time")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """``tonearm demo`` on a free port, stopped with SIGTERM at the end of the session."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    root = tmp_path_factory.mktemp("browser-demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONEARM_")}
    env.update(FAST_ENV)
    port = _free_port()
    out = root / "demo.out"
    with out.open("wb") as sink:
        process = subprocess.Popen(
            [str(TONEARM), "demo", "--port", str(port)],
            cwd=root,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        key = _read_key(out, process, deadline)
        base = f"http://127.0.0.1:{port}"
        _wait_live(base, process, deadline)
        yield Demo(base, key)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: object, demo: Demo) -> Iterator[object]:
    """A fresh browser context (no cookies) whose page must not hit a CSP violation."""
    from playwright.sync_api import Browser

    assert isinstance(chromium, Browser)
    context = chromium.new_context(base_url=demo.base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems: list[str] = []
    tab.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    yield tab
    context.close()
    assert not problems, problems


def log_in(page: object, demo: Demo, next_path: str = "/") -> None:
    """Log in through the form (following the redirect to ``next_path``)."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(next_path)
    expect(page).to_have_url(f"{demo.base_url}/login?next={next_path}")
    page.get_by_label("API key").fill(demo.api_key)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{demo.base_url}{next_path}")
