"""The main flows in a real browser against ``tonearm demo``."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Demo, log_in

pytestmark = pytest.mark.browser

RADIOHEAD = "spotify:A3xf7CHETJeEXlodmQosev"


def notice(page: Page) -> Locator:
    """The confirmation shown after an action."""
    return page.locator("p.notice")


def test_login_navigation_and_logout(page: Page, demo: Demo) -> None:
    page.goto("/login")
    page.get_by_label("API key").fill("not-the-key")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("That API key is not right.")
    log_in(page, demo)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    nav = page.get_by_role("navigation", name="Main")
    for label in ("Spotify", "Import", "Downloads", "Search", "Artists", "Library"):
        nav.get_by_role("link", name=label).click()
        expect(page.get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/jobs")
    expect(page).to_have_url(re.compile(r"/login\?next=/jobs$"))


def test_import_a_track_list_until_done(page: Page, demo: Demo) -> None:
    log_in(page, demo, "/import")
    page.get_by_label("Track list").fill("Radiohead - Karma Police\nnot a track line")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Import \d+$"))
    expect(notice(page)).to_have_text("The import was queued.")
    expect(page.get_by_role("cell", name="not a track line")).to_be_visible()
    live = page.locator("#import-live")
    expect(live).to_have_attribute("data-done", "true", timeout=60_000)
    expect(page.locator("#import-completed")).to_have_text("1")
    page.get_by_role("link", name="See the tracks").click()
    row = page.locator("tr[id^='track-'][data-state='done']", has_text="Karma Police")
    expect(row).to_contain_text(re.compile(r"Radiohead/.+Karma Police\.flac"))


def _failed_download(demo: Demo) -> int:
    """A manual download from the peer whose transfers always error."""
    with demo.api() as api:
        found = api.post(
            "/api/v1/search",
            json={"query": "Fleetwood Mac Dreams", "sources": ["soulseek"], "size": 50},
        ).json()
        files = [i for i in found["items"] if i.get("username") == "flaky_node"]
        assert files, found
        file = files[0]
        created = api.post(
            "/api/v1/downloads",
            json={"username": "flaky_node", "filename": file["filename"], "size": file["size"]},
        )
        assert created.status_code == 201, created.text
        download_id = int(created.json()["id"])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if api.get(f"/api/v1/downloads/{download_id}").json()["state"] == "failed":
                return download_id
            time.sleep(0.2)
    raise AssertionError("the download did not fail")


def test_retry_a_failed_download(page: Page, demo: Demo) -> None:
    download_id = _failed_download(demo)
    log_in(page, demo, "/downloads")
    page.get_by_label("Download state").select_option("failed")
    page.get_by_role("button", name="Filter").click()
    row = page.locator(f"#download-{download_id}")
    expect(row).to_have_attribute("data-state", "failed")
    row.get_by_role("button", name="Retry").click()
    expect(notice(page)).to_have_text("The download was queued again.")
    page.goto(f"/downloads/{download_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Download {download_id}")
    expect(page.get_by_text("flaky_node").first).to_be_visible()


def test_pause_and_resume_an_artist(page: Page, demo: Demo) -> None:
    log_in(page, demo, "/artists")
    page.get_by_label(re.compile("^Spotify artist")).fill(RADIOHEAD)
    page.get_by_role("button", name="Watch").click()
    expect(notice(page)).to_have_text("The artist is now on the watchlist.")
    row = page.locator("#artist-spotify-A3xf7CHETJeEXlodmQosev")
    row.get_by_text("Pause…").click()
    row.get_by_label("Reason").fill("on tour, too many live bootlegs")
    row.get_by_role("button", name="Pause", exact=True).click()
    expect(notice(page)).to_have_text("The artist is paused.")
    expect(row).to_have_attribute("data-paused", "true")
    expect(row).to_contain_text("on tour, too many live bootlegs")
    row.get_by_role("button", name="Resume").click()
    expect(row).to_have_attribute("data-paused", "false")


def test_settings_preview_follows_the_template(page: Page, demo: Demo) -> None:
    log_in(page, demo, "/settings")
    preview = page.locator("#path-preview")
    expect(preview).to_contain_text("OK Computer (1997)")
    page.get_by_label("Path template").fill("{artist}/{year}/{title}.{ext}")
    expect(preview).to_contain_text("Radiohead/1997/Karma Police.flac")
    page.get_by_label("Path template").fill("{artist}/{nope}")
    expect(preview).to_have_class(re.compile(r"\bbad\b"))
    page.get_by_label("Path template").fill("{album_artist}/{album}/{disc_track} - {title}.{ext}")
    page.get_by_label("Lyrics enabled").check()
    page.get_by_role("button", name="Save settings").click()
    expect(notice(page)).to_have_text("Settings saved.")
    expect(page.get_by_label("Lyrics enabled")).to_be_checked()
    expect(preview).to_contain_text("Radiohead/OK Computer/06 - Karma Police.flac")


def test_a_post_without_the_csrf_token_is_rejected(page: Page, demo: Demo) -> None:
    log_in(page, demo, "/settings")
    refused = page.request.post("/settings", form={"present_lyrics_enabled": "1"})
    assert refused.status == 403
    token = page.locator("meta[name='csrf-token']").get_attribute("content")
    assert token
    accepted = page.request.post("/settings", form={"csrf_token": token}, max_redirects=0)
    assert accepted.status == 303


def test_the_quality_profile_steers_the_path_preview(page: Page, demo: Demo) -> None:
    log_in(page, demo, "/settings")
    preview = page.locator("#path-preview")
    formats = page.get_by_label("Formats, best first")
    expect(formats).to_have_value("FLAC\nMP3 320\nMP3 V0\nAAC 256+\nMP3 256")
    expect(preview).to_contain_text("Karma Police.flac")
    try:
        formats.fill("MP3 320\nFLAC\nMP3 V0")
        expect(preview).to_contain_text("Karma Police.mp3")  # live, before saving
        page.get_by_role("button", name="Save settings").click()
        expect(notice(page)).to_have_text("Settings saved.")
        expect(formats).to_have_value("MP3 320\nFLAC\nMP3 V0")
        expect(preview).to_contain_text("Karma Police.mp3")
        formats.fill("AAC 256+")
        expect(preview).to_contain_text("Karma Police.m4a")
    finally:
        with demo.api() as api:
            default = ["FLAC", "MP3 320", "MP3 V0", "AAC 256+", "MP3 256"]
            assert api.patch("/api/v1/settings", json={"quality_formats": default}).is_success
