"""The quality profile built from the ``quality_*`` settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tonearm.config import QUALITY_FORMAT_NAMES, Settings
from tonearm.domain.acquisition.quality import quality_profile, top_extension
from tonearm.kit.pathsafe import preview_library_path
from tonearm.matching import DEFAULT_FORMAT_TIERS, Candidate


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def _mp3_320() -> Candidate:
    return Candidate(username="u", filename="A/B/01 - T.mp3", size=9_000_000, bitrate=320)


class TestQualityProfile:
    def test_defaults_are_the_engine_defaults(self) -> None:
        profile = quality_profile(_settings())
        assert profile.formats == DEFAULT_FORMAT_TIERS
        assert profile.max_size_bytes == 2048 * 1024**2
        assert profile.min_bitrate is None
        assert profile.upgrade_lossy is True
        assert profile.preferred_users == frozenset()

    def test_setting_names_are_the_engine_tiers(self) -> None:
        assert tuple(tier.name for tier in DEFAULT_FORMAT_TIERS) == QUALITY_FORMAT_NAMES

    def test_order_and_subset_follow_the_settings(self) -> None:
        profile = quality_profile(_settings(quality_formats=["MP3 320", "FLAC"]))
        assert [tier.name for tier in profile.formats] == ["MP3 320", "FLAC"]
        rank = profile.rank(_mp3_320())
        assert rank is not None
        assert (rank.tier, rank.value) == (0, 1.0)

    def test_a_format_left_out_is_not_acceptable(self) -> None:
        profile = quality_profile(_settings(quality_formats=["FLAC"]))
        assert profile.rank(_mp3_320()) is None

    def test_limits_and_peers(self) -> None:
        profile = quality_profile(
            _settings(
                quality_min_bitrate=256,
                quality_max_size_mb=None,
                quality_preferred_users="alice, bob",
                quality_blocked_users=["mallory"],
                quality_upgrade_lossy=False,
            )
        )
        assert profile.min_bitrate == 256
        assert profile.max_size_bytes is None
        assert profile.preferred_users == frozenset({"alice", "bob"})
        assert profile.blocked_users == frozenset({"mallory"})
        assert profile.upgrade_lossy is False

    def test_environment_text_is_split_and_normalised(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("TONEARM_QUALITY_FORMATS", "mp3 320, flac,AAC256+")
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        assert settings.quality_formats == ["MP3 320", "FLAC", "AAC 256+"]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (["OGG"], "unknown format 'OGG'"),
            ([], "at least one format"),
            (["FLAC", "flac"], "listed twice"),
        ],
    )
    def test_bad_formats_are_refused(self, value: list[str], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            _settings(quality_formats=value)


class TestTopExtension:
    @pytest.mark.parametrize(
        ("names", "ext"),
        [
            (["FLAC", "MP3 320"], "flac"),
            (["mp3 320", "FLAC"], "mp3"),
            (["MP3 V0"], "mp3"),
            (["AAC 256+"], "m4a"),
            (["WAV", "MP3 256"], "mp3"),
            ([], "flac"),
        ],
    )
    def test_the_best_known_format_decides(self, names: list[str], ext: str) -> None:
        assert top_extension(names) == ext

    def test_the_preview_sample_takes_the_extension(self) -> None:
        assert preview_library_path("{artist}/{title}.{ext}", "mp3") == "Radiohead/Karma Police.mp3"
        assert preview_library_path("{artist}/{title}.{ext}") == "Radiohead/Karma Police.flac"
