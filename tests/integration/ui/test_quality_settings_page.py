"""The quality section of the settings page: the profile's fields, saving an ordered list of
formats, and a path preview whose sample file is in the best format."""

from __future__ import annotations

import re

import httpx


def _form(token: str, formats: str) -> dict[str, str]:
    return {"csrf_token": token, "present_quality_formats": "1", "quality_formats": formats}


def _quality_section(page: str) -> str:
    found = re.search(r'<fieldset id="section-quality".*?</fieldset>', page, re.S)
    assert found, "the page has no quality section"
    return found.group(0)


def _formats_of(page: str) -> tuple[str, str]:
    """The formats field's text and the source of its value."""
    found = re.search(
        r'<textarea id="s-quality_formats"[^>]*>([^<]*)</textarea>.*?class="source">\((\w+)\)',
        page,
        re.S,
    )
    assert found, "the page has no formats field"
    return found.group(1), found.group(2)


class TestQualitySection:
    async def test_every_profile_field_is_shown_with_its_help(self, ui: httpx.AsyncClient) -> None:
        section = _quality_section((await ui.get("/settings")).text)
        for label in (
            "Formats, best first",
            "Lowest bitrate (kbps)",
            "Largest file (MiB)",
            "Preferred users",
            "Blocked users",
            "Upgrade lossy files when a better one appears",
        ):
            assert label in section
        assert _formats_of(section) == ("FLAC\nMP3 320\nMP3 V0\nAAC 256+\nMP3 256", "default")
        assert "One per line." in section
        assert 'hx-include="this, #s-path_template"' in section

    async def test_saving_a_new_order_changes_the_profile_and_the_preview(
        self, ui: httpx.AsyncClient, token: str
    ) -> None:
        response = await ui.post("/settings", data=_form(token, "mp3 320\nFLAC\n"))
        assert response.status_code == 303
        page = (await ui.get("/settings")).text
        assert _formats_of(page) == ("MP3 320\nFLAC", "api")
        preview = re.search(r'<output id="path-preview".*?</output>', page, re.S)
        assert preview is not None
        assert "06 - Karma Police.mp3" in preview.group(0)

    async def test_an_unchanged_list_is_not_saved_again(
        self, ui: httpx.AsyncClient, token: str
    ) -> None:
        same = "FLAC\nMP3 320\nMP3 V0\nAAC 256+\nMP3 256"
        assert (await ui.post("/settings", data=_form(token, same))).status_code == 303
        assert _formats_of((await ui.get("/settings")).text) == (same, "default")

    async def test_an_unknown_format_is_explained(self, ui: httpx.AsyncClient, token: str) -> None:
        response = await ui.post("/settings", data=_form(token, "FLAC\nWAV"))
        assert response.status_code == 422
        assert "unknown format &#39;WAV&#39;" in response.text

    async def test_preview_uses_the_typed_formats(self, ui: httpx.AsyncClient) -> None:
        params = {"path_template": "{artist}/{title}.{ext}"}
        for typed, name in (
            ("MP3 V0\nFLAC", "Radiohead/Karma Police.mp3"),
            ("AAC 256+", "Radiohead/Karma Police.m4a"),
            ("FLAC, MP3 320", "Radiohead/Karma Police.flac"),
        ):
            response = await ui.get(
                "/settings/preview", params={**params, "quality_formats": typed}
            )
            assert name in response.text
        stored = await ui.get("/settings/preview", params=params)
        assert "Radiohead/Karma Police.flac" in stored.text
