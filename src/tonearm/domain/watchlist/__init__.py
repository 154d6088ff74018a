"""The watchlist: artists checked for new releases on a jittered timer, with pauses,
priorities, a per-artist retry budget and a release filter."""

from tonearm.domain.watchlist.checks import (
    CheckPolicy,
    budget_spent,
    is_paused,
    record_check_failure,
    record_check_success,
    run_tick,
)
from tonearm.domain.watchlist.errors import AlreadyWatched, NotWatched, WatchlistError
from tonearm.domain.watchlist.schemas import (
    WatchlistEntryIn,
    WatchlistEntryOut,
    WatchlistPage,
    WatchlistPatch,
    WatchlistPause,
)
from tonearm.domain.watchlist.service import (
    add_entry,
    get_entry,
    list_entries,
    pause_entry,
    remove_entry,
    resume_entry,
    update_entry,
)
from tonearm.domain.watchlist.wanted import release_period_end, want_new_releases

__all__ = [
    "AlreadyWatched",
    "CheckPolicy",
    "NotWatched",
    "WatchlistEntryIn",
    "WatchlistEntryOut",
    "WatchlistError",
    "WatchlistPage",
    "WatchlistPatch",
    "WatchlistPause",
    "add_entry",
    "budget_spent",
    "get_entry",
    "is_paused",
    "list_entries",
    "pause_entry",
    "record_check_failure",
    "record_check_success",
    "release_period_end",
    "remove_entry",
    "resume_entry",
    "run_tick",
    "update_entry",
    "want_new_releases",
]
