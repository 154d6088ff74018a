"""Verification and tags on generated, decodable audio of every supported kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonearm.domain.postprocess import CoverImage, TrackTags, read_tags, verify_audio, write_tags
from tonearm.domain.postprocess.errors import (
    DurationMismatch,
    FileIncomplete,
    NotDecodable,
    WrongKind,
)
from tonearm.emulators.audiogen import generate_audio, truncate
from tonearm.emulators.spotify.jpeg import flat_jpeg

KINDS = ["flac", "mp3", "m4a"]


def _audio(tmp_path: Path, kind: str, length_s: float = 3.0, size: int = 200_000) -> Path:
    path = tmp_path / f"a.{kind}"
    bitrate = None if kind == "flac" else 320
    path.write_bytes(generate_audio(kind, length_s, bitrate, pad_to_size=size))
    return path


class TestVerify:
    @pytest.mark.parametrize("kind", KINDS)
    def test_accepts_the_expected_file(self, tmp_path: Path, kind: str) -> None:
        info = verify_audio(
            _audio(tmp_path, kind), expected_ext=kind, expected_size=200_000, expected_duration_s=3
        )
        assert (info.kind, round(info.duration_s)) == (kind, 3)

    def test_rejects_a_cut_off_transfer(self, tmp_path: Path) -> None:
        path = _audio(tmp_path, "flac")
        path.write_bytes(truncate(path.read_bytes()))
        with pytest.raises(FileIncomplete):
            verify_audio(path, expected_ext="flac", expected_size=200_000)

    def test_rejects_a_flac_cut_inside_its_metadata(self, tmp_path: Path) -> None:
        path = tmp_path / "a.flac"
        path.write_bytes(generate_audio("flac", 3.0)[:30])
        with pytest.raises(NotDecodable):
            verify_audio(path, expected_ext="flac")

    def test_rejects_the_wrong_kind(self, tmp_path: Path) -> None:
        path = _audio(tmp_path, "mp3")
        with pytest.raises(WrongKind):
            verify_audio(path, expected_ext="flac")

    def test_rejects_a_wrong_duration(self, tmp_path: Path) -> None:
        with pytest.raises(DurationMismatch):
            verify_audio(
                _audio(tmp_path, "flac"), expected_ext="flac", expected_duration_s=60, tolerance_s=5
            )

    def test_rejects_noise(self, tmp_path: Path) -> None:
        path = tmp_path / "a.flac"
        path.write_bytes(b"not audio at all" * 100)
        with pytest.raises((NotDecodable, WrongKind)):
            verify_audio(path, expected_ext="flac")


class TestTags:
    @pytest.mark.parametrize("kind", KINDS)
    def test_round_trip_with_cover(self, tmp_path: Path, kind: str) -> None:
        path = _audio(tmp_path, kind)
        tags = TrackTags(
            title="Karma Police",
            artists=["Radiohead", "Guest"],
            album="OK Computer",
            album_artist="Radiohead",
            track_number=6,
            disc_number=1,
            year=1997,
            isrc="GBAYE9700105",
            genre="Alternative",
            spotify_track_id="sp",
            spotify_album_id="al",
            spotify_artist_id="ar",
        )
        write_tags(path, tags, CoverImage(flat_jpeg(32, 32), "image/jpeg"))
        assert read_tags(path) == TrackTags(**{**tags.__dict__, "has_cover": True})
        verify_audio(path, expected_ext=kind, expected_duration_s=3)
