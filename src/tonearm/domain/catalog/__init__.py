"""The catalogue: wanted tracks shared by every source, never duplicated.

Use :func:`add_wanted_track` (one) or :func:`add_wanted_tracks` (a batch) with a
:class:`TrackCandidate`, then :func:`enqueue_acquisition` for the ids that were created.
"""

from tonearm.domain.catalog.acquire import ACQUIRE_JOB, enqueue_acquisition
from tonearm.domain.catalog.bulk import bulk_insert
from tonearm.domain.catalog.candidate import (
    DURATION_TOLERANCE_MS,
    TrackCandidate,
    durations_agree,
    make_match_key,
)
from tonearm.domain.catalog.errors import CatalogError, InvalidTrack, TrackNotFound
from tonearm.domain.catalog.invalidation import (
    PLAYLISTS_TAG,
    SPOTIFY_TAG,
    Invalidator,
    NullInvalidator,
    artist_tag,
    invalidate_now_and_after_commit,
    invalidator_from,
    playlist_tag,
)
from tonearm.domain.catalog.schemas import TrackIn, TrackOut, TrackPage
from tonearm.domain.catalog.service import (
    WantedResult,
    add_wanted_track,
    add_wanted_tracks,
    delete_track,
    list_tracks,
)

__all__ = [
    "ACQUIRE_JOB",
    "DURATION_TOLERANCE_MS",
    "PLAYLISTS_TAG",
    "SPOTIFY_TAG",
    "CatalogError",
    "InvalidTrack",
    "Invalidator",
    "NullInvalidator",
    "TrackCandidate",
    "TrackIn",
    "TrackNotFound",
    "TrackOut",
    "TrackPage",
    "WantedResult",
    "add_wanted_track",
    "add_wanted_tracks",
    "artist_tag",
    "bulk_insert",
    "delete_track",
    "durations_agree",
    "enqueue_acquisition",
    "invalidate_now_and_after_commit",
    "invalidator_from",
    "list_tracks",
    "make_match_key",
    "playlist_tag",
]
