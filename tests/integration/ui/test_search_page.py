"""The search page asks every source through the app's provider clients (the gateway)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.providers.emulated import (
    create_emulators,
    create_provider_app,
    create_provider_settings,
)
from tests.integration.ui.conftest import browser, log_in


async def test_search_page_shows_spotify_and_soulseek_results(
    sqlite_url: str, tmp_path: Path
) -> None:
    emulators = create_emulators(tmp_path)
    settings = create_provider_settings(tmp_path, sqlite_url, search_slskd_wait_s=1.0)
    app = create_provider_app(settings, emulators)
    async with app.router.lifespan_context(app), browser(app) as ui:
        assert (await log_in(ui)).status_code == 303
        page = await ui.get("/search", params={"q": "Radiohead Karma Police"})
    assert page.status_code == 200
    assert 'role="alert"' not in page.text
    assert "Karma Police" in page.text
    assert "vinyl_archivist" in page.text  # a Soulseek peer's file
    assert emulators.slskd.state.slskd.search_requests, "slskd was never asked"
