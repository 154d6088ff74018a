"""Version families named only by the folder: plural and "concert" spellings."""

from __future__ import annotations

import pytest

from tests.unit.matching.factories import create_candidate, create_wanted
from tonearm.matching import (
    MatchConfig,
    QualityProfile,
    RejectionCode,
    Verdict,
    score,
    version_counts,
)

CONFIG = MatchConfig()
PROFILE = QualityProfile()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Late Registration (Instrumentals)", {"instrumental": 1}),
        ("The Black Album (Acapellas)", {"acapella": 1}),
        ("The Concert in Central Park", {"live": 1}),
        ("Alizée - En concert", {"live": 1}),
        ("Live in Concert", {"live": 2}),
    ],
)
def test_folder_spellings_count(raw: str, expected: dict[str, int]) -> None:
    assert version_counts(raw) == expected


@pytest.mark.parametrize(
    "folder",
    [
        "Radiohead - OK Computer (Instrumentals)",
        "Radiohead\\OK Computer (Acapellas)",
        "Radiohead\\The Concert at Glastonbury (1997)",
    ],
)
def test_plain_file_in_a_version_folder_is_a_wrong_version(folder: str) -> None:
    candidate = create_candidate(filename=f"@@x\\Music\\{folder}\\06 - Karma Police.flac")
    result = score(create_wanted(), candidate, CONFIG, PROFILE)
    assert result.verdict is Verdict.REJECT
    assert result.rejection is not None
    assert result.rejection.code is RejectionCode.WRONG_VERSION


def test_wanted_concert_album_accepts_its_own_folder() -> None:
    wanted = create_wanted(
        title="Bridge over Troubled Water",
        artists=["Simon & Garfunkel"],
        album="The Concert in Central Park",
        duration_ms=300_000,
        track_number=None,
        year=1982,
    )
    candidate = create_candidate(
        filename="@@x\\Simon and Garfunkel\\The Concert in Central Park (1982)\\"
        "Bridge over Troubled Water.flac",
        length_s=300,
    )
    assert score(wanted, candidate, CONFIG, PROFILE).rejection is None
