"""Scoring and ranking: every component explained, every rejection reason, ordering."""

from __future__ import annotations

import json

import pytest

from tests.unit.matching.factories import create_candidate, create_wanted
from tonearm.matching import (
    FormatTier,
    InvalidMatchConfigError,
    MatchConfig,
    MatchWeights,
    QualityProfile,
    RejectionCode,
    Verdict,
    rank,
    score,
)

CONFIG = MatchConfig()
PROFILE = QualityProfile()
COMPONENTS = ["title", "artist", "album", "duration", "track_number", "quality", "peer"]


def path(name: str, folder: str = "Music\\Radiohead\\OK Computer (1997)") -> str:
    return f"@@share\\{folder}\\{name}"


class TestScore:
    def test_good_flac_is_accepted(self) -> None:
        result = score(create_wanted(), create_candidate(), CONFIG, PROFILE)
        assert result.verdict is Verdict.ACCEPT
        assert result.rejection is None
        assert result.quality == "FLAC"
        assert 0.9 < result.total <= 1.0

    def test_lists_every_component(self) -> None:
        result = score(create_wanted(), create_candidate(), CONFIG, PROFILE)
        assert [c.name for c in result.components] == COMPONENTS
        assert all(c.detail for c in result.components)
        total = sum(c.contribution for c in result.components) / CONFIG.weights.total
        assert result.total == pytest.approx(total)
        for component in result.components:
            assert component.contribution == pytest.approx(component.weight * component.value)

    def test_as_dict_is_json(self) -> None:
        result = score(create_wanted(), create_candidate(), CONFIG, PROFILE)
        data = json.loads(json.dumps(result.as_dict()))
        assert data["verdict"] == "accept"
        assert [c["name"] for c in data["components"]] == COMPONENTS
        assert data["parsed"]["album"] == "OK Computer"

    def test_featured_artist_credit_matches(self) -> None:
        wanted = create_wanted(
            title="Get Lucky (feat. Pharrell Williams & Nile Rodgers)",
            artists=["Daft Punk", "Pharrell Williams", "Nile Rodgers"],
            album="Random Access Memories",
            duration_ms=369_000,
            track_number=8,
            year=2013,
        )
        candidate = create_candidate(
            filename="@@x\\Daft Punk - Random Access Memories (2013)\\08 - Daft Punk - Get "
            "Lucky (feat. Pharrell Williams).flac",
            length_s=369,
        )
        assert score(wanted, candidate, CONFIG, PROFILE).verdict is Verdict.ACCEPT

    def test_non_ascii_names_match(self) -> None:
        wanted = create_wanted(
            title="Hoppípolla",
            artists=["Sigur Rós"],
            album="Takk...",
            duration_ms=268_000,
            track_number=3,
            year=2005,
        )
        candidate = create_candidate(
            filename="@@x\\Sigur Ros\\Takk (2005)\\03 - Hoppipolla.mp3", bitrate=320, length_s=268
        )
        assert score(wanted, candidate, CONFIG, PROFILE).verdict is Verdict.ACCEPT

    def test_wanted_live_title_is_not_a_wrong_version(self) -> None:
        wanted = create_wanted(
            title="Live Forever",
            artists=["Oasis"],
            album="Definitely Maybe",
            duration_ms=276_000,
            track_number=3,
            year=1994,
        )
        good = create_candidate(
            filename="@@x\\Oasis\\Definitely Maybe\\03 - Live Forever.flac", length_s=276
        )
        live = create_candidate(
            filename="@@x\\Oasis\\Singles\\Live Forever (Live at Knebworth).flac", length_s=280
        )
        assert score(wanted, good, CONFIG, PROFILE).verdict is Verdict.ACCEPT
        rejection = score(wanted, live, CONFIG, PROFILE).rejection
        assert rejection is not None
        assert rejection.code is RejectionCode.WRONG_VERSION


class TestRejections:
    @pytest.mark.parametrize(
        "name",
        [
            "06 - Karma Police (Live at Glastonbury).flac",
            "06 - Karma Police (Paul Oakenfold Remix).flac",
            "06 - Karma Police (Acoustic).flac",
            "06 - Karma Police (Instrumental).flac",
            "Karma Police (In the Style of Radiohead) [Karaoke Version].flac",
            "Karma Police (Radiohead Cover).flac",
            "Karma Police (Sped Up).flac",
            "Karma Police (slowed + reverb).flac",
            "Nightcore - Karma Police.flac",
            "06 - Karma Police (Demo).flac",
        ],
    )
    def test_wrong_version(self, name: str) -> None:
        result = score(create_wanted(), create_candidate(filename=path(name)), CONFIG, PROFILE)
        assert result.verdict is Verdict.REJECT
        assert result.rejection is not None
        assert result.rejection.code is RejectionCode.WRONG_VERSION
        assert result.rejection.reason

    def test_live_album_folder_is_a_wrong_version(self) -> None:
        candidate = create_candidate(
            filename=path("06 - Karma Police.flac", "Radiohead\\Live at Red Rocks (2000)")
        )
        result = score(create_wanted(), candidate, CONFIG, PROFILE)
        assert result.rejection is not None
        assert result.rejection.code is RejectionCode.WRONG_VERSION

    def test_missing_wanted_version(self) -> None:
        wanted = create_wanted(
            title="Old Town Road - Remix", artists=["Lil Nas X"], album="7 EP", duration_ms=157_000
        )
        original = create_candidate(
            filename="@@x\\Lil Nas X\\Lil Nas X - Old Town Road.flac", length_s=157
        )
        remix = create_candidate(
            filename="@@x\\Lil Nas X\\Lil Nas X - Old Town Road (feat. Billy Ray Cyrus) [Remix]"
            ".flac",
            length_s=157,
        )
        rejection = score(wanted, original, CONFIG, PROFILE).rejection
        assert rejection is not None
        assert rejection.code is RejectionCode.WRONG_VERSION
        assert score(wanted, remix, CONFIG, PROFILE).rejection is None

    @pytest.mark.parametrize(
        ("overrides", "profile", "code"),
        [
            ({"length_s": 300}, PROFILE, RejectionCode.DURATION_MISMATCH),
            (
                {"filename": path("06 - Karma Police.mp3"), "bitrate": 128},
                PROFILE,
                RejectionCode.UNACCEPTABLE_QUALITY,
            ),
            (
                {"filename": path("06 - Karma Police.ogg")},
                PROFILE,
                RejectionCode.UNACCEPTABLE_QUALITY,
            ),
            ({"filename": path("cover.jpg")}, PROFILE, RejectionCode.NOT_AUDIO),
            ({"size": 10**10}, PROFILE, RejectionCode.TOO_LARGE),
            ({"is_locked": True}, PROFILE, RejectionCode.LOCKED),
            ({}, QualityProfile(blocked_users=frozenset({"peer"})), RejectionCode.BLOCKED_USER),
            (
                {"filename": path("06 - Karma Police.mp3"), "bitrate": 320},
                QualityProfile(min_bitrate=330),
                RejectionCode.UNACCEPTABLE_QUALITY,
            ),
            (
                {"filename": "@@x\\Music\\Coldplay\\Parachutes\\05 - Yellow.flac", "length_s": 269},
                PROFILE,
                RejectionCode.LOW_SCORE,
            ),
        ],
    )
    def test_reasons(
        self, overrides: dict[str, object], profile: QualityProfile, code: RejectionCode
    ) -> None:
        result = score(create_wanted(), create_candidate(**overrides), CONFIG, profile)
        assert result.verdict is Verdict.REJECT
        assert result.rejection is not None
        assert result.rejection.code is code
        assert [c.name for c in result.components] == COMPONENTS

    def test_blocklisted_pair(self) -> None:
        candidate = create_candidate()
        blocklist = frozenset({(candidate.username, candidate.filename)})
        result = score(create_wanted(), candidate, CONFIG, PROFILE, blocklist)
        assert result.rejection is not None
        assert result.rejection.code is RejectionCode.BLOCKLISTED
        other_user = create_candidate(username="someone-else")
        assert score(create_wanted(), other_user, CONFIG, PROFILE, blocklist).rejection is None


class TestRank:
    def test_flac_preferred_over_mp3_320(self) -> None:
        flac = create_candidate(username="b")
        mp3 = create_candidate(
            username="a", filename=path("06 - Karma Police.mp3"), bitrate=320, size=10_000_000
        )
        results = rank(create_wanted(), [mp3, flac], CONFIG, PROFILE)
        assert [r.candidate for r in results] == [flac, mp3]

    def test_free_slot_beats_long_queue(self) -> None:
        busy = create_candidate(username="a", has_free_upload_slot=False, queue_length=40)
        free = create_candidate(username="b")
        assert rank(create_wanted(), [busy, free], CONFIG, PROFILE)[0].candidate == free

    def test_preferred_user_wins_a_tie(self) -> None:
        profile = QualityProfile(preferred_users=frozenset({"b"}))
        first, second = create_candidate(username="a"), create_candidate(username="b")
        assert rank(create_wanted(), [first, second], CONFIG, profile)[0].candidate == second

    def test_blocked_user_is_rejected_and_last(self) -> None:
        profile = QualityProfile(blocked_users=frozenset({"a"}))
        blocked = create_candidate(username="a")
        mp3 = create_candidate(username="b", filename=path("06 - Karma Police.mp3"), bitrate=320)
        results = rank(create_wanted(), [blocked, mp3], CONFIG, profile)
        assert results[0].candidate == mp3
        assert results[-1].rejection is not None
        assert results[-1].rejection.code is RejectionCode.BLOCKED_USER

    def test_rejects_come_last(self) -> None:
        live = create_candidate(username="a", filename=path("06 - Karma Police (Live).flac"))
        low = create_candidate(
            username="b",
            filename=path("06 - Karma Police.mp3"),
            bitrate=256,
            size=8_000_000,
            has_free_upload_slot=False,
        )
        results = rank(create_wanted(), [live, low], CONFIG, PROFILE)
        assert [r.verdict for r in results][-1] is Verdict.REJECT
        assert results[0].candidate == low

    def test_deterministic_whatever_the_input_order(self) -> None:
        candidates = [create_candidate(username=name) for name in "dcba"] + [
            create_candidate(username="e", filename=path("06 - Karma Police (Live).flac")),
            create_candidate(username="f", filename=path("06 - Karma Police.mp3"), bitrate=320),
        ]
        first = rank(create_wanted(), candidates, CONFIG, PROFILE)
        second = rank(create_wanted(), list(reversed(candidates)), CONFIG, PROFILE)
        assert [r.candidate for r in first] == [r.candidate for r in second]
        assert [r.candidate.username for r in first][:4] == ["a", "b", "c", "d"]
        assert [r.as_dict() for r in first] == [r.as_dict() for r in second]

    def test_empty(self) -> None:
        assert rank(create_wanted(), [], CONFIG, PROFILE) == []


class TestConfig:
    def test_bad_thresholds(self) -> None:
        with pytest.raises(InvalidMatchConfigError):
            MatchConfig(accept_threshold=0.4, review_threshold=0.6)

    def test_bad_weights(self) -> None:
        with pytest.raises(InvalidMatchConfigError):
            MatchWeights(title=-1)

    def test_bad_tolerance(self) -> None:
        with pytest.raises(InvalidMatchConfigError):
            MatchConfig(duration_tolerance_s=0)

    def test_empty_profile(self) -> None:
        with pytest.raises(InvalidMatchConfigError):
            QualityProfile(formats=())

    def test_serialisable(self) -> None:
        json.dumps(CONFIG.as_dict())
        json.dumps(PROFILE.as_dict())


class TestQualityProfile:
    @pytest.mark.parametrize(
        ("name", "bitrate", "vbr", "expected"),
        [
            ("a.flac", None, None, "FLAC"),
            ("a.mp3", 320, None, "MP3 320"),
            ("a.mp3", 245, True, "MP3 V0"),
            ("a.mp3", 243, None, "MP3 V0"),
            ("a.m4a", 256, None, "AAC 256+"),
            ("a.mp3", 256, None, "MP3 256"),
            ("a.mp3", 192, None, None),
            ("a.m4a", 128, None, None),
            ("a.wav", None, None, None),
        ],
    )
    def test_default_ranking(
        self, name: str, bitrate: int | None, vbr: bool | None, expected: str | None
    ) -> None:
        candidate = create_candidate(filename=name, bitrate=bitrate, is_variable_bit_rate=vbr)
        ranked = PROFILE.rank(candidate)
        assert (ranked.name if ranked else None) == expected

    def test_order_of_values(self) -> None:
        values = [
            PROFILE.rank(create_candidate(filename=n, bitrate=b))
            for n, b in [("a.flac", None), ("a.mp3", 320), ("a.m4a", 256), ("a.mp3", 256)]
        ]
        assert [v.value for v in values if v] == sorted(
            [v.value for v in values if v], reverse=True
        )

    def test_bitrate_estimated_from_size(self) -> None:
        candidate = create_candidate(filename="a.mp3", size=320 * 125 * 200, length_s=200)
        ranked = PROFILE.rank(candidate)
        assert ranked is not None
        assert ranked.estimated_bitrate
        assert ranked.name == "MP3 320"

    def test_custom_tiers(self) -> None:
        profile = QualityProfile(formats=(FormatTier("OGG", ("ogg",), min_bitrate=160),))
        assert profile.rank(create_candidate(filename="a.ogg", bitrate=192)) is not None
        assert profile.rank(create_candidate(filename="a.flac")) is None
