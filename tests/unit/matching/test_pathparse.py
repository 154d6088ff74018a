"""Soulseek path parsing: typed best-effort fields, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tonearm.matching import RemotePath, parse_remote_path


class TestParseRemotePath:
    def test_full_path_with_disc_folder(self) -> None:
        parsed = parse_remote_path(
            "@@share\\Music\\Radiohead\\OK Computer (1997)\\CD2\\06 - Karma Police.flac"
        )
        assert (parsed.folder_artist, parsed.album, parsed.year) == (
            "Radiohead",
            "OK Computer",
            1997,
        )
        assert (parsed.disc, parsed.track, parsed.title, parsed.extension) == (
            2,
            6,
            "Karma Police",
            "flac",
        )

    @pytest.mark.parametrize(
        ("path", "artist", "title", "track", "disc"),
        [
            ("@@u\\Music\\Radiohead - Karma Police.mp3", "Radiohead", "Karma Police", None, None),
            ("@@u\\x\\01 - Radiohead - Karma Police.mp3", "Radiohead", "Karma Police", 1, None),
            ("@@u\\x\\01. Karma Police.mp3", None, "Karma Police", 1, None),
            ("@@u\\x\\1-06 Karma Police.flac", None, "Karma Police", 6, 1),
            ("@@u/x/06 Karma Police.flac", None, "Karma Police", 6, None),
            ("@@u\\x\\06_karma_police.flac", None, "karma police", 6, None),
            (
                "@@u\\x\\Radiohead - OK Computer - 06 - Karma Police.flac",
                "Radiohead",
                "Karma Police",
                6,
                None,
            ),
            (
                "@@u\\x\\01 - Oasis - Live Forever - Live at Knebworth.mp3",
                "Oasis",
                "Live Forever - Live at Knebworth",
                1,
                None,
            ),
        ],
    )
    def test_filename_styles(
        self, path: str, artist: str | None, title: str, track: int | None, disc: int | None
    ) -> None:
        parsed = parse_remote_path(path)
        assert (parsed.artist, parsed.title, parsed.track, parsed.disc) == (
            artist,
            title,
            track,
            disc,
        )

    @pytest.mark.parametrize(
        ("folder", "artist", "album", "year", "disc"),
        [
            ("OK Computer (1997)", None, "OK Computer", 1997, None),
            ("Radiohead - OK Computer [1997] [FLAC 16-44]", "Radiohead", "OK Computer", 1997, None),
            ("1994 - Definitely Maybe", None, "Definitely Maybe", 1994, None),
            ("Radiohead - 1997 - OK Computer", "Radiohead", "OK Computer", 1997, None),
            ("Now 45 (Disc 2)", None, "Now 45", None, 2),
            ("The Wall CD2", None, "The Wall", None, 2),
            ("Hey Jude - Single", None, "Hey Jude - Single", None, None),
        ],
    )
    def test_album_folder_styles(
        self, folder: str, artist: str | None, album: str, year: int | None, disc: int | None
    ) -> None:
        parsed = parse_remote_path(f"@@u\\Music\\{folder}\\01 - Song.flac")
        assert (parsed.album, parsed.year, parsed.disc) == (album, year, disc)
        if artist:
            assert parsed.folder_artist == artist

    def test_artist_folder_above_album(self) -> None:
        parsed = parse_remote_path("@@u\\Music\\Björk\\Homogenic\\02 - Jóga.flac")
        assert (parsed.folder_artist, parsed.album, parsed.title) == ("Björk", "Homogenic", "Jóga")

    def test_generic_folders_are_ignored(self) -> None:
        parsed = parse_remote_path("@@u\\Music\\Downloads\\song.mp3")
        assert (parsed.folder_artist, parsed.album) == (None, None)

    @pytest.mark.parametrize("path", ["", "@@", "\\\\\\", "no extension", ".flac", "\x00\x01"])
    def test_garbage(self, path: str) -> None:
        assert isinstance(parse_remote_path(path), RemotePath)

    @given(st.text(max_size=400))
    def test_never_raises(self, path: str) -> None:
        parsed = parse_remote_path(path)
        assert isinstance(parsed.title, str)
        assert parsed.as_dict()["raw"] == path

    @given(st.lists(st.text(alphabet=st.characters(), max_size=40), max_size=8))
    def test_never_raises_on_path_like_text(self, parts: list[str]) -> None:
        parse_remote_path("@@x\\" + "\\".join(parts) + ".flac")


class TestSplitName:
    def test_bracketed_marker_after_track_number_is_the_title(self) -> None:
        parsed = parse_remote_path(
            "@@x\\Downloads\\R. Kelly - Chocolate Factory - 15 - Ignition (Remix).mp3"
        )
        assert (parsed.artist, parsed.album, parsed.track, parsed.title) == (
            "R. Kelly",
            "Chocolate Factory",
            15,
            "Ignition (Remix)",
        )
