"""Tests for tonearm.kit.pathsafe: hostile field values never escape the library root."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tonearm.kit.pathsafe import (
    DEFAULT_TEMPLATE,
    MAX_COMPONENT_BYTES,
    MAX_RELATIVE_PATH_BYTES,
    PathEscapeError,
    TemplateSyntaxError,
    UnknownTemplateFieldError,
    preview_library_path,
    render_library_path,
    sanitize_component,
    validate_template,
)

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            ".",
            "..",
            "...",
            "/",
            "\\",
            "../..",
            "..\\..",
            "\x00",
            "CON",
            "nul.txt",
            "COM1",
            "lpt9",
            "a" * 1000,
            "é" * 600,
            "\u202e\u200fevil\u200e",
            "C:\\Windows",
            " . ",
            "/etc/passwd",
            "~",
            "$HOME",
            "a/../../b",
            "\ud800",
        ]
    ),
    st.text(max_size=300),
)
WINDOWS_RESERVED = (
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)


def assert_valid_component(name: str) -> None:
    assert name not in {"", ".", ".."}
    assert len(name.encode("utf-8", errors="surrogatepass")) <= MAX_COMPONENT_BYTES
    assert not any(char in name for char in '<>:"|?*/\\')
    assert not any(ord(char) < 32 or ord(char) == 127 for char in name)
    assert not any(char in name for char in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e")
    assert not name.endswith((".", " "))
    assert name.split(".")[0].strip().lower() not in WINDOWS_RESERVED


class TestRenderLibraryPath:
    def test_default_template(self, tmp_path: Path) -> None:
        fields = {
            "album_artist": "Radiohead",
            "album": "OK Computer",
            "year": 1997,
            "track": 6,
            "title": "Karma Police",
            "ext": "flac",
        }
        path = render_library_path(DEFAULT_TEMPLATE, fields, tmp_path)
        assert path == tmp_path / "Radiohead" / "OK Computer (1997)" / "06 - Karma Police.flac"

    def test_multi_disc_uses_disc_prefix(self, tmp_path: Path) -> None:
        fields = {
            "artist": "Pink Floyd",
            "album": "The Wall",
            "year": 1979,
            "track": 6,
            "disc": 2,
            "disc_total": 2,
            "title": "Comfortably Numb",
            "ext": "mp3",
        }
        path = render_library_path(DEFAULT_TEMPLATE, fields, tmp_path)
        assert path.name == "2-06 - Comfortably Numb.mp3"
        assert path.parent.parent.name == "Pink Floyd"

    def test_format_spec_is_applied(self, tmp_path: Path) -> None:
        path = render_library_path(
            "{artist}/{track:03} {title}.{ext}",
            {"artist": "A", "track": 7, "title": "T", "ext": "flac"},
            tmp_path,
        )
        assert path.name == "007 T.flac"

    def test_separator_in_field_stays_in_one_component(self, tmp_path: Path) -> None:
        fields = {
            "artist": "AC/DC",
            "album": "..\\..",
            "title": "../../etc/passwd",
            "ext": "mp3",
            "track": 1,
        }
        path = render_library_path(DEFAULT_TEMPLATE, fields, tmp_path)
        relative = path.relative_to(tmp_path)
        assert len(relative.parts) == 3
        assert relative.parts[0] == "AC-DC"

    def test_missing_fields_fall_back(self, tmp_path: Path) -> None:
        path = render_library_path(DEFAULT_TEMPLATE, {"ext": "flac"}, tmp_path)
        assert path.relative_to(tmp_path).parts == (
            "Unknown Artist",
            "Unknown Album",
            "00 - Unknown Title.flac",
        )

    def test_reserved_windows_name_gets_suffix(self, tmp_path: Path) -> None:
        path = render_library_path(
            "{artist}/{title}.{ext}", {"artist": "NUL", "title": "con", "ext": "mp3"}, tmp_path
        )
        assert path.relative_to(tmp_path).parts == ("NUL_", "con_.mp3")

    def test_long_title_keeps_extension(self, tmp_path: Path) -> None:
        path = render_library_path(DEFAULT_TEMPLATE, {"title": "ü" * 500, "ext": "flac"}, tmp_path)
        assert path.name.endswith(".flac")
        assert len(path.name.encode()) <= MAX_COMPONENT_BYTES

    def test_symlink_escape_is_refused(self, tmp_path: Path) -> None:
        root, outside = tmp_path / "library", tmp_path / "outside"
        root.mkdir()
        outside.mkdir()
        (root / "Evil").symlink_to(outside, target_is_directory=True)
        with pytest.raises(PathEscapeError):
            render_library_path(
                "{artist}/{title}.{ext}", {"artist": "Evil", "title": "x", "ext": "mp3"}, root
            )

    @pytest.mark.parametrize("number", ["²", "¹/²", "Ⅻ"])
    def test_digits_int_refuses_are_no_number(self, tmp_path: Path, number: str) -> None:
        fields = {"artist": "A", "title": "T", "ext": "mp3", "year": number, "track": number}
        path = render_library_path("{artist}/{year}/{track} - {title}.{ext}", fields, tmp_path)
        assert path.relative_to(tmp_path).as_posix() == "A/_/T.mp3"

    @settings(
        max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(artist=HOSTILE, album=HOSTILE, title=HOSTILE, ext=HOSTILE, year=HOSTILE)
    def test_hostile_fields_stay_inside_root(
        self, tmp_path: Path, artist: str, album: str, title: str, ext: str, year: str
    ) -> None:
        fields = {
            "album_artist": artist,
            "album": album,
            "title": title,
            "ext": ext,
            "year": year,
            "track": title,
        }
        path = render_library_path(DEFAULT_TEMPLATE, fields, tmp_path)
        relative = path.relative_to(tmp_path)
        assert path.resolve().is_relative_to(tmp_path.resolve())
        assert len(relative.parts) == 3
        assert len(str(relative).encode("utf-8", errors="surrogatepass")) <= (
            MAX_RELATIVE_PATH_BYTES + 3
        )
        for part in relative.parts:
            assert_valid_component(part)


class TestSanitizeComponent:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("", "_"),
            ("..", "_"),
            ("a/b", "a-b"),
            ('x<>:"|?*y', "x_______y"),
            ("name. . ", "name"),
            ("\u202eabc\u200f", "abc"),
            ("COM1.txt", "COM1_.txt"),
            ("  spaced   out  ", "spaced out"),
            ("Björk", "Björk"),
        ],
    )
    def test_cases(self, raw: str, expected: str) -> None:
        assert sanitize_component(raw) == expected

    @given(st.text(max_size=500))
    def test_any_text_is_a_valid_component(self, raw: str) -> None:
        assert_valid_component(sanitize_component(raw))


class TestValidateTemplate:
    def test_default_is_valid(self) -> None:
        validate_template(DEFAULT_TEMPLATE)
        validate_template("{album_artist}/{album} ({year})/{disc_track:02} - {title}.{ext}")

    def test_unknown_field(self) -> None:
        with pytest.raises(UnknownTemplateFieldError):
            validate_template("{artist}/{nope}.{ext}")

    @pytest.mark.parametrize(
        "template",
        [
            "",
            "{title",
            "/abs/{title}.{ext}",
            "C:\\x\\{title}.{ext}",
            "../{title}.{ext}",
            "{artist}//{title}.{ext}",
            "{title}",
            "{track:zz}.{ext}",
            "{title!r}.{ext}",
            "{title.upper}.{ext}",
            "{title[0]}.{ext}",
        ],
    )
    def test_bad_syntax(self, template: str) -> None:
        with pytest.raises((TemplateSyntaxError, UnknownTemplateFieldError)):
            validate_template(template)


class TestPreview:
    def test_sample_track(self) -> None:
        assert preview_library_path(DEFAULT_TEMPLATE) == (
            "Radiohead/OK Computer (1997)/06 - Karma Police.flac"
        )

    def test_bad_template_raises(self) -> None:
        with pytest.raises(UnknownTemplateFieldError):
            preview_library_path("{bogus}.{ext}")
