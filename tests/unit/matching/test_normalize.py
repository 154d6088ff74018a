"""Normalisation rules: folding, featured artists, version markers, version families."""

from __future__ import annotations

import pytest

from tonearm.matching import (
    core_title,
    normalize,
    split_featuring,
    strip_version_markers,
    tokens,
    version_counts,
)


class TestNormalize:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Björk", "bjork"),
            ("Sigur Rós", "sigur ros"),
            ("Beyoncé", "beyonce"),
            ("Mötley Crüe", "motley crue"),
            ("The Beatles", "beatles"),
            ("the the", "the"),
            ("Simon & Garfunkel", "simon and garfunkel"),
            ("Florence + the Machine", "florence and the machine"),
            ("Guns N' Roses", "guns and roses"),
            ("Don't Stop Me Now!", "dont stop me now"),
            ("AC/DC", "ac dc"),
            ("  Hey   Jude  ", "hey jude"),
            ("宇多田ヒカル", normalize("宇多田ヒカル")),
            ("", ""),
        ],
    )
    def test_table(self, raw: str, expected: str) -> None:
        assert normalize(raw) == expected

    def test_tokens(self) -> None:
        assert tokens("The Sound of Silence (Remastered)") == [
            "sound",
            "of",
            "silence",
            "remastered",
        ]


class TestSplitFeaturing:
    @pytest.mark.parametrize(
        ("raw", "title", "featured"),
        [
            (
                "Get Lucky (feat. Pharrell Williams & Nile Rodgers)",
                "Get Lucky",
                ["Pharrell Williams", "Nile Rodgers"],
            ),
            ("Umbrella ft. Jay-Z", "Umbrella", ["Jay-Z"]),
            ("Crazy in Love featuring Jay-Z", "Crazy in Love", ["Jay-Z"]),
            ("Dance (with Halsey)", "Dance", ["Halsey"]),
            ("With or Without You", "With or Without You", []),
            ("Stay With Me", "Stay With Me", []),
        ],
    )
    def test_table(self, raw: str, title: str, featured: list[str]) -> None:
        assert split_featuring(raw) == (title, featured)


class TestVersionMarkers:
    @pytest.mark.parametrize(
        ("raw", "core", "markers"),
        [
            ("Hey Jude (Remastered 2015)", "Hey Jude", ["Remastered 2015"]),
            ("Karma Police - Live at Wembley", "Karma Police", ["Live at Wembley"]),
            ("Creep [Radio Edit]", "Creep", ["Radio Edit"]),
            ("Song (Acoustic) - 2011 Remaster", "Song", ["Acoustic", "2011 Remaster"]),
            ("(I Can't Get No) Satisfaction", "(I Can't Get No) Satisfaction", []),
            ("Live Forever", "Live Forever", []),
        ],
    )
    def test_strip(self, raw: str, core: str, markers: list[str]) -> None:
        assert strip_version_markers(raw) == (core, markers)

    def test_core_title(self) -> None:
        assert core_title("Get Lucky (feat. Pharrell Williams) [Radio Edit]") == "get lucky"
        assert core_title("The Sound of Silence") == "sound of silence"

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Karma Police (Live at Glastonbury)", {"live": 1}),
            ("Live Forever (Live)", {"live": 2}),
            ("Song (Skrillex Remix)", {"remix": 1}),
            ("Song (slowed + reverb)", {"slowed": 2}),
            ("Song (Sped Up)", {"sped_up": 1}),
            ("Nightcore - Song", {"nightcore": 1}),
            ("Song (In the Style of Adele) [Karaoke Version]", {"karaoke": 2}),
            ("Song (Instrumental)", {"instrumental": 1}),
            ("Song (Acoustic)", {"acoustic": 1}),
            ("Song (Demo)", {"demo": 1}),
            ("Song (Radiohead Cover)", {"cover": 1}),
            ("Song (A Cappella)", {"acapella": 1}),
            ("Song (chopped and screwed)", {"slowed": 1}),
            ("Alive", {}),
            ("Song (Remastered 2011)", {}),
        ],
    )
    def test_version_counts(self, raw: str, expected: dict[str, int]) -> None:
        assert version_counts(raw) == expected
