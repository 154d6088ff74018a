"""relevance(): query-to-text scoring for unified search."""

from __future__ import annotations

from tonearm.matching import relevance


class TestRelevance:
    def test_exact_is_best(self) -> None:
        assert relevance("karma police", "Radiohead - Karma Police") > relevance(
            "karma police", "Radiohead - Paranoid Android"
        )

    def test_accents_and_case(self) -> None:
        assert relevance("bjork joga", "Björk - Jóga") == 1.0

    def test_typo_still_relevant(self) -> None:
        assert relevance("radiohed", "Radiohead") > 0.5

    def test_unrelated(self) -> None:
        assert relevance("metallica", "Taylor Swift - Shake It Off") < 0.3

    def test_empty(self) -> None:
        assert relevance("", "anything") == 0.0
        assert relevance("query", "") == 0.0

    def test_bounds(self) -> None:
        for query, text in [("a", "a"), ("x y z", "x"), ("the beatles", "Beatles")]:
            assert 0.0 <= relevance(query, text) <= 1.0
