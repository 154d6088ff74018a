"""Which existing track a candidate is: by Spotify id, then ISRC, then normalised
artist + title with a duration that agrees."""

from __future__ import annotations

from typing import Any

import pytest

from tonearm.domain.catalog import (
    DURATION_TOLERANCE_MS,
    TrackCandidate,
    durations_agree,
    make_match_key,
)
from tonearm.domain.catalog.dedupe import ExistingIndex, KnownTrack

SPOTIFY_A = "8v0R0IuZG42xiaaklH8TYC"
SPOTIFY_B = "cotYQEBV3fsPR8nUXlMdyz"


def create_known(track_id: int, **kw: Any) -> KnownTrack:
    values: dict[str, Any] = {
        "spotify_id": None,
        "isrc": None,
        "match_key": make_match_key(["Radiohead"], "Airbag"),
        "duration_ms": 284_000,
        "state": "wanted",
    }
    values.update(kw)
    return KnownTrack(id=track_id, **values)


def create_candidate(**kw: Any) -> TrackCandidate:
    values: dict[str, Any] = {"title": "Airbag", "artists": ["Radiohead"], "duration_ms": 284_000}
    values.update(kw)
    return TrackCandidate(**values)


def index_of(*known: KnownTrack) -> ExistingIndex:
    index = ExistingIndex()
    for track in known:
        index.add(track)
    return index


class TestMatchKey:
    @pytest.mark.parametrize(
        ("artists", "title"),
        [
            (["RADIOHEAD"], "AIRBAG"),
            (["Radiohead feat. Someone"], "Airbag"),
            (["Radiohead"], "Airbag (feat. Someone)"),
            (["Radiohead", "Another Artist"], "Airbag"),
            (["  Radiohead "], " Airbag  "),
        ],
    )
    def test_spellings_of_one_song_share_a_key(self, artists: list[str], title: str) -> None:
        assert make_match_key(artists, title) == make_match_key(["Radiohead"], "Airbag")

    def test_another_title_or_main_artist_is_another_key(self) -> None:
        key = make_match_key(["Radiohead"], "Airbag")
        assert make_match_key(["Radiohead"], "Lucky") != key
        assert make_match_key(["Portishead"], "Airbag") != key

    def test_durations_agree_within_the_tolerance(self) -> None:
        assert durations_agree(284_000, 284_000 + DURATION_TOLERANCE_MS)
        assert not durations_agree(284_000, 284_000 + DURATION_TOLERANCE_MS + 1)
        assert durations_agree(None, 284_000)


class TestIsrc:
    @pytest.mark.parametrize("raw", ["GBAYE9700312", "gb-aye-97-00312", " GB AYE 97 00312 "])
    def test_spellings_are_made_canonical(self, raw: str) -> None:
        assert create_candidate(isrc=raw).clean_isrc == "GBAYE9700312"

    @pytest.mark.parametrize("raw", ["", "not an isrc", "GBAYE970031", "12AYE9700312"])
    def test_invalid_codes_are_ignored(self, raw: str) -> None:
        assert create_candidate(isrc=raw).clean_isrc is None


class TestFind:
    def test_the_spotify_id_wins_over_everything_else(self) -> None:
        by_id = create_known(1, spotify_id=SPOTIFY_A, match_key="other|song", isrc="GBAYE9700001")
        by_isrc = create_known(2, isrc="GBAYE9700312")
        index = index_of(by_isrc, by_id)
        candidate = create_candidate(spotify_id=SPOTIFY_A, isrc="GBAYE9700312")
        assert index.find(candidate) == by_id

    def test_then_the_isrc_whatever_the_names(self) -> None:
        known = create_known(1, isrc="GBAYE9700312", match_key="someone|else")
        candidate = create_candidate(
            title="Another Name", spotify_id=SPOTIFY_B, isrc="GBAYE9700312"
        )
        assert index_of(known).find(candidate) == known

    def test_then_the_names_with_an_agreeing_duration(self) -> None:
        known = create_known(1)
        assert index_of(known).find(create_candidate(duration_ms=286_000)) == known
        assert index_of(known).find(create_candidate(duration_ms=None)) == known

    def test_the_same_names_with_another_length_are_another_recording(self) -> None:
        assert index_of(create_known(1)).find(create_candidate(duration_ms=400_000)) is None

    def test_two_different_isrcs_are_two_recordings_whatever_the_names(self) -> None:
        known = create_known(1, isrc="GBAYE9700312")
        assert index_of(known).find(create_candidate(isrc="USABC1234567")) is None

    def test_an_unknown_isrc_on_one_side_still_matches_by_names(self) -> None:
        known = create_known(1)
        assert index_of(known).find(create_candidate(isrc="GBAYE9700312")) == known

    def test_a_different_spotify_id_alone_does_not_prevent_a_name_match(self) -> None:
        known = create_known(1, spotify_id=SPOTIFY_A)
        assert index_of(known).find(create_candidate(spotify_id=SPOTIFY_B)) == known

    def test_the_first_track_seen_under_a_key_wins(self) -> None:
        first = create_known(1, spotify_id=SPOTIFY_A, isrc="GBAYE9700312")
        second = create_known(2, spotify_id=SPOTIFY_A, isrc="GBAYE9700312")
        index = index_of(first, second, first)
        assert index.find(create_candidate(spotify_id=SPOTIFY_A)) == first
        assert index.by_key[first.match_key] == [first, second]

    def test_nothing_known_finds_nothing(self) -> None:
        assert ExistingIndex().find(create_candidate(spotify_id=SPOTIFY_A)) is None
