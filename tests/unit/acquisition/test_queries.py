"""Search texts: specific first, never one broad word."""

from __future__ import annotations

from tonearm.domain.acquisition.queries import query_variants
from tonearm.domain.acquisition.transfer import batch_id_for


class TestQueryVariants:
    def test_artist_title_then_title_album(self) -> None:
        assert query_variants("Karma Police", ["Radiohead"], "OK Computer") == [
            "Radiohead Karma Police",
            "Karma Police OK Computer",
        ]

    def test_drops_featuring_and_version_markers_and_punctuation(self) -> None:
        variants = query_variants("Don't Stop (feat. X) - 2011 Remaster", ["Björk"], None)
        assert variants == ["Björk Don Stop", "Bjork Dont Stop"]

    def test_apostrophes_split_to_the_words_every_spelling_contains(self) -> None:
        variants = query_variants("Comptine d'un autre été", ["Yann Tiersen"], "Amélie")
        assert variants[0] == "Yann Tiersen Comptine autre été"
        assert query_variants("Rock'n'Roll Star", ["Oasis"], None)[0] == "Oasis Rock Roll Star"
        assert query_variants("I'm Yours", ["Jason Mraz"], None)[0] == "Jason Mraz Yours"

    def test_never_a_single_word(self) -> None:
        assert query_variants("Hello", [], None) == []


def test_batch_id_is_stable_per_download() -> None:
    assert batch_id_for(7) == batch_id_for(7)
    assert batch_id_for(7) != batch_id_for(8)
