"""Unified search across Spotify, Soulseek (through slskd) and the local library."""

from tonearm.domain.search.refine import apply_filters, score_items, sort_items
from tonearm.domain.search.schemas import (
    SearchFilters,
    SearchItem,
    SearchPage,
    SearchRequest,
    SearchSort,
)
from tonearm.domain.search.service import SourceRunner, run_search, search_everything
from tonearm.domain.search.sources import (
    SourceUnavailable,
    search_library,
    search_soulseek,
    search_spotify,
)

__all__ = [
    "SearchFilters",
    "SearchItem",
    "SearchPage",
    "SearchRequest",
    "SearchSort",
    "SourceRunner",
    "SourceUnavailable",
    "apply_filters",
    "run_search",
    "score_items",
    "search_everything",
    "search_library",
    "search_soulseek",
    "search_spotify",
    "sort_items",
]
