"""Every page fits a 360 px wide phone (no sideways scrolling) in dark and light mode, table
rows stacked as cards keep their column headings, and every form control has a name a screen
reader can say."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Demo

pytestmark = pytest.mark.browser

ARTIST = "spotify:A3xf7CHETJeEXlodmQosev"
PAGES = [
    "/",
    "/spotify",
    "/import",
    "/downloads",
    "/search?q=Karma+Police&source=library",
    "/artists",
    "/library",
    "/activity",
    "/jobs",
    "/settings",
    "/system",
]

# Controls without an accessible name (label, aria-label, or a button's text).
_UNNAMED = """() => [
  ...document.querySelectorAll("input:not([type=hidden]), select, textarea, button"),
].filter((el) => {
    const labelled = el.labels && el.labels.length > 0;
    const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    const text = el.tagName === "BUTTON" && el.textContent.trim();
    return !(labelled || named || text);
  })
  .map((el) => el.outerHTML.slice(0, 120))"""


def _with_a_watched_artist(demo: Demo) -> None:
    """The watchlist's table has the widest rows (forms in cells): make sure it has one."""
    with demo.api() as api:
        response = api.post("/api/v1/watchlist", json={"artist_key": ARTIST, "priority": 5})
        assert response.status_code in (200, 201, 409), response.text


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_fits_a_small_phone(chromium: object, demo: Demo, scheme: str) -> None:
    assert isinstance(chromium, Browser)
    _with_a_watched_artist(demo)
    context = chromium.new_context(
        base_url=demo.base_url,
        viewport={"width": 360, "height": 740},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("API key").fill(demo.api_key)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{demo.base_url}/")
        for path in PAGES:
            page.goto(path)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 360, (path, width)
            assert page.evaluate(_UNNAMED) == [], path
        # Stacked table rows say which column each value belongs to.
        page.goto("/jobs")
        assert page.locator('#jobs-live td[data-label="Status"]').count() >= 1
    finally:
        context.close()
