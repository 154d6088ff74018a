"""Control of the memo caches behind normalisation and path parsing."""

from __future__ import annotations

from tonearm.matching import _components, _normalize, _pathparse, _prepare


def clear_caches() -> None:
    """Drop memoised normalisations and parses (for benchmarks, tests and memory)."""
    for cached in (
        _normalize.fold,
        _normalize.core_title,
        _normalize.is_version_marker,
        _normalize.folder_version_counts,
        _pathparse._parse_folders,
        _pathparse._album_folder,
        _components._artist_forms,
        _prepare.prepare_wanted,
    ):
        cached.cache_clear()
