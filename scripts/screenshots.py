"""Regenerate docs/screenshots/: every main page of the UI at desktop and phone width.

Runs ``tonearm demo`` (both emulators, sample data), fills it through the UI and the API the
way a person would (an import, a watched artist, a failing download), then photographs each
page with Debian's Chromium (``/usr/bin/chromium``; no browser is downloaded).

    make screenshots        # or: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
TONEARM = Path(sys.executable).with_name("tonearm")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {
    "desktop": ({"width": 1280, "height": 800}, "light"),
    "phone": ({"width": 390, "height": 844}, "dark"),
}
TRACKS = "\n".join(
    [
        "Radiohead - Karma Police",
        "Radiohead - Airbag",
        "Daft Punk - One More Time",
        "Radiohead - No Surprises",
        "Nirvana - Lithium",
        "this line has no separator",
    ]
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_demo(workdir: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONEARM_")}
    env |= {"TONEARM_SLSKD_SEARCH_MIN_GAP_S": "0", "TONEARM_DOWNLOAD_POLL_INTERVAL_S": "0.3"}
    port = free_port()
    log = workdir / "demo.out"
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 (our own entry point)
            [str(TONEARM), "demo", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    base = f"http://127.0.0.1:{port}"
    while time.monotonic() < deadline:
        keys = [ln for ln in log.read_text().splitlines() if ln.startswith("API key: ")]
        try:
            live = httpx.get(f"{base}/api/health/live", timeout=1).status_code == 200
        except httpx.TransportError:
            live = False
        if keys and live:
            return process, base, keys[0].removeprefix("API key: ").strip()
        time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"the demo did not start:\n{log.read_text()[-2000:]}")


def seed(base: str, key: str, page: Page) -> dict[str, str]:
    """Fill the demo like a person would; returns the paths of the detail pages."""
    page.goto(f"{base}/login")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{base}/import")
    page.get_by_label("Track list").fill(TRACKS)
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/import/*")
    import_path = page.url.removeprefix(base).split("?")[0]
    with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=20) as api:
        for artist in ("spotify:A3xf7CHETJeEXlodmQosev", "spotify:Qcx2A5x82wUqba81IZoecD"):
            api.post("/api/v1/watchlist", json={"artist_key": artist, "priority": 5})
        api.post(
            "/api/v1/watchlist/spotify:Qcx2A5x82wUqba81IZoecD/pause", json={"reason": "on hold"}
        )
        found = api.post(
            "/api/v1/search", json={"query": "Fleetwood Mac Dreams", "sources": ["soulseek"]}
        ).json()
        flaky = [i for i in found["items"] if i.get("username") == "flaky_node"][:1]
        for item in flaky:
            api.post(
                "/api/v1/downloads",
                json={"username": "flaky_node", "filename": item["filename"], "size": item["size"]},
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            done = api.get("/api/v1/tracks", params={"state": "done"}).json()["total"]
            if done >= 4:
                break
            time.sleep(0.5)
        downloads = api.get("/api/v1/downloads", params={"state": "done", "limit": 1}).json()
    detail = f"/downloads/{downloads['items'][0]['id']}" if downloads["items"] else "/downloads"
    return {"import-job": import_path, "download-detail": detail}


def pages(extra: dict[str, str]) -> dict[str, str]:
    return {
        "dashboard": "/",
        "spotify": "/spotify",
        "import": "/import",
        "import-job": extra["import-job"],
        "downloads": "/downloads",
        "download-detail": extra["download-detail"],
        "search": "/search?q=Karma+Police&source=spotify&source=soulseek&source=library",
        "artists": "/artists",
        "library": "/library",
        "activity": "/activity",
        "jobs": "/jobs",
        "settings": "/settings",
        "system": "/system",
    }


def shoot(browser: Browser, base: str, key: str, targets: dict[str, str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size_name, (viewport, scheme) in SIZES.items():
        context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"{base}/login")
        page.get_by_label("API key").fill(key)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{base}/")
        for name, path in targets.items():
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}-{size_name}.png"))
            print(f"docs/screenshots/{name}-{size_name}.png")
        context.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tonearm-shots-") as tmp:
        process, base, key = start_demo(Path(tmp))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                seeding = browser.new_page()
                extra = seed(base, key, seeding)
                seeding.close()
                shoot(browser, base, key, pages(extra))
                browser.close()
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
