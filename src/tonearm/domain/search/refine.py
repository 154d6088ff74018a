"""Filtering, scoring and sorting merged results (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from tonearm.domain.search.schemas import SearchFilters, SearchItem, SearchSort
from tonearm.matching import relevance

__all__ = ["apply_filters", "score_items", "sort_items"]


def _in_range(value: int | None, bounds: tuple[int | None, int | None] | None) -> bool:
    if bounds is None or value is None:
        return True
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def _passes(item: SearchItem, f: SearchFilters) -> bool:
    checks = (
        _in_range(item.year, f.year_range),
        _in_range(item.duration_ms, f.duration_ms),
        f.min_bitrate is None or (item.bitrate is not None and item.bitrate >= f.min_bitrate),
        not f.formats or (item.format or "").lower() in {x.lower() for x in f.formats},
        f.username is None or item.username == f.username,
        f.explicit is None or item.explicit is None or item.explicit == f.explicit,
    )
    return all(checks)


def apply_filters(items: Iterable[SearchItem], filters: SearchFilters) -> list[SearchItem]:
    """The items that pass every filter."""
    return [item for item in items if _passes(item, filters)]


def score_items(query: str, items: Iterable[SearchItem]) -> list[SearchItem]:
    """Each item scored by the matching engine's relevance of its text to the query."""
    scored = []
    for item in items:
        text = " ".join([*item.artists, item.title, item.album or ""])
        scored.append(item.model_copy(update={"score": relevance(query, text)}))
    return scored


_SORT_FIELD = {
    "relevance": "score",
    "bitrate": "bitrate",
    "year": "year",
    "duration": "duration_ms",
}


def sort_items(items: list[SearchItem], sort: SearchSort) -> list[SearchItem]:
    """Sorted by the chosen field (ties: relevance, then id); missing values last."""
    field = _SORT_FIELD[sort.by]
    sign = -1 if sort.order == "desc" else 1
    present = [i for i in items if getattr(i, field) is not None]
    missing = [i for i in items if getattr(i, field) is None]
    present.sort(key=lambda i: (sign * getattr(i, field), -i.score, i.id))
    missing.sort(key=lambda i: (-i.score, i.id))
    return present + missing
