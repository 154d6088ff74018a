"""Filters, relevance scoring and sorting of merged search results."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tonearm.domain.search import (
    SearchFilters,
    SearchItem,
    SearchRequest,
    SearchSort,
    apply_filters,
    score_items,
    sort_items,
)


def _item(id_: str, **kw: object) -> SearchItem:
    values: dict[str, object] = {"source": "soulseek", "type": "track", "title": "Song"}
    values.update(kw)
    return SearchItem(id=id_, **values)  # type: ignore[arg-type]


ITEMS = [
    _item("a", bitrate=320, format="mp3", year=1997, duration_ms=200_000, username="x"),
    _item("b", bitrate=1000, format="flac", year=2007, duration_ms=300_000, username="y"),
    _item("c", bitrate=None, format="ogg", year=None, duration_ms=None, explicit=True),
]


class TestFilters:
    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"min_bitrate": 500}, ["b"]),
            ({"formats": ["FLAC", "mp3"]}, ["a", "b"]),
            ({"year_range": [2000, None]}, ["b", "c"]),
            ({"duration_ms": [0, 250_000]}, ["a", "c"]),
            ({"username": "x"}, ["a"]),
            ({"explicit": False}, ["a", "b"]),
        ],
    )
    def test_each_filter(self, filters: dict[str, object], expected: list[str]) -> None:
        kept = apply_filters(ITEMS, SearchFilters.model_validate(filters))
        assert [i.id for i in kept] == expected


class TestSort:
    def test_by_bitrate_missing_last(self) -> None:
        ordered = sort_items(ITEMS, SearchSort(by="bitrate", order="desc"))
        assert [i.id for i in ordered] == ["b", "a", "c"]
        ordered = sort_items(ITEMS, SearchSort(by="bitrate", order="asc"))
        assert [i.id for i in ordered] == ["a", "b", "c"]

    def test_by_year_and_duration(self) -> None:
        assert [i.id for i in sort_items(ITEMS, SearchSort(by="year", order="asc"))] == [
            "a",
            "b",
            "c",
        ]
        assert sort_items(ITEMS, SearchSort(by="duration"))[0].id == "b"

    def test_relevance_scores_from_matching(self) -> None:
        items = [
            _item("x", title="Airbag", artists=["Radiohead"]),
            _item("y", title="Karma Police", artists=["Radiohead"]),
        ]
        ranked = sort_items(score_items("radiohead karma police", items), SearchSort())
        assert ranked[0].id == "y"
        assert ranked[0].score > ranked[1].score


class TestRequest:
    def test_size_and_blank_query(self) -> None:
        with pytest.raises(ValidationError):
            SearchRequest(query="x", size=101)
        with pytest.raises(ValidationError):
            SearchRequest(query="   ")
        assert SearchRequest(query="x").sources == ["spotify", "soulseek", "library"]
