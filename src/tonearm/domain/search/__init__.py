"""Unified search across Spotify, Soulseek (through slskd) and the local library."""

from tonearm.domain.search.errors import SourceUnavailable, describe_source_error
from tonearm.domain.search.refine import apply_filters, score_items, sort_items
from tonearm.domain.search.schemas import (
    SearchFilters,
    SearchItem,
    SearchPage,
    SearchRequest,
    SearchSort,
)
from tonearm.domain.search.service import (
    SourceRunner,
    run_search,
    search_everything,
    search_with_providers,
)
from tonearm.domain.search.sources import search_library, search_soulseek, search_spotify

__all__ = [
    "SearchFilters",
    "SearchItem",
    "SearchPage",
    "SearchRequest",
    "SearchSort",
    "SourceRunner",
    "SourceUnavailable",
    "apply_filters",
    "describe_source_error",
    "run_search",
    "score_items",
    "search_everything",
    "search_library",
    "search_soulseek",
    "search_spotify",
    "search_with_providers",
    "sort_items",
]
