"""Live parts in a real browser: no polling while the tab is hidden, an immediate refresh when
it is shown again, and no refresh that would take the keyboard focus away."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Demo, log_in

pytestmark = pytest.mark.browser

# Recorded after app.js's own listener, so it sees whether that listener held the request back.
_RECORD = """() => {
  window.__polls = [];
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt.hasAttribute("data-poll")) {
      window.__polls.push({ id: event.detail.elt.id, held: event.defaultPrevented });
    }
  });
}"""


def _set_visibility(page: Page, state: str) -> None:
    page.evaluate(
        """(state) => {
          const define = (name, get) =>
            Object.defineProperty(document, name, { configurable: true, get });
          define("visibilityState", () => state);
          define("hidden", () => state !== "visible");
        }""",
        state,
    )


def _live_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on(
        "request", lambda request: seen.append(request.url) if "part=live" in request.url else None
    )
    return seen


def test_a_hidden_tab_does_not_poll_and_refreshes_when_shown(page: Page, demo: Demo) -> None:
    log_in(page, demo, "/downloads")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate(_RECORD)
    sent = _live_requests(page)
    _set_visibility(page, "hidden")
    # Wait for the next tick of the 3 s poll: htmx asks, app.js holds the request back.
    page.wait_for_function("() => window.__polls.length >= 1", timeout=10_000)
    polls = page.evaluate("() => window.__polls")
    assert polls
    assert all(p["held"] for p in polls), polls
    assert sent == []

    _set_visibility(page, "visible")
    with page.expect_request(lambda request: "part=live" in request.url, timeout=5_000):
        page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    assert any(not p["held"] for p in page.evaluate("() => window.__polls"))


def test_a_live_part_with_the_keyboard_focus_waits(page: Page, demo: Demo) -> None:
    log_in(page, demo, "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate(_RECORD)
    link = page.locator("#dashboard-live a").first
    link.focus()
    page.wait_for_function("() => window.__polls.length >= 1", timeout=15_000)
    assert all(p["held"] for p in page.evaluate("() => window.__polls"))
    assert page.evaluate("() => document.activeElement.closest('#dashboard-live') !== null")

    page.evaluate("() => document.activeElement.blur()")
    page.evaluate("() => { window.__polls = []; }")
    with page.expect_request(lambda request: "part=live" in request.url, timeout=10_000):
        pass
