"""Artists: profiles, releases and their tracks, synced from Spotify as a delta
(added / updated / removed), with one audit row per change.

Job types (registered in :mod:`tonearm.domain.artists.tasks`): ``artist.sync``
``{"artist_key": "spotify:<id>", "origin": "api"|"watchlist"|"admin"}`` and ``watchlist.tick``.

Sync and reconcile live in :mod:`tonearm.domain.artists.service` (it depends on the
watchlist, which depends on this package).
"""

from tonearm.domain.artists.delta import ReleaseDelta, RemoteRelease, compute_delta
from tonearm.domain.artists.errors import (
    ArtistBusy,
    ArtistError,
    ArtistNotFound,
    InvalidArtistKey,
    ResyncRefused,
    SpotifyCatalogFailed,
    SpotifyCatalogUnavailable,
)
from tonearm.domain.artists.keys import ARTIST_KEY_PATTERN, lock_key, spotify_id_of
from tonearm.domain.artists.provider import ArtistCatalog, catalog_configured, open_spotify_catalog
from tonearm.domain.artists.queries import get_artist_profile, staleness, stored_synced_at
from tonearm.domain.artists.queue import (
    ARTIST_SYNC_JOB,
    HIGH_PRIORITY,
    QueuedSync,
    active_lease,
    enqueue_artist_sync,
)
from tonearm.domain.artists.schemas import (
    ArtistOut,
    ReconcileOut,
    ReleaseOut,
    ReleaseTrackOut,
    SyncQueuedOut,
)

__all__ = [
    "ARTIST_KEY_PATTERN",
    "ARTIST_SYNC_JOB",
    "HIGH_PRIORITY",
    "ArtistBusy",
    "ArtistCatalog",
    "ArtistError",
    "ArtistNotFound",
    "ArtistOut",
    "InvalidArtistKey",
    "QueuedSync",
    "ReconcileOut",
    "ReleaseDelta",
    "ReleaseOut",
    "ReleaseTrackOut",
    "RemoteRelease",
    "ResyncRefused",
    "SpotifyCatalogFailed",
    "SpotifyCatalogUnavailable",
    "SyncQueuedOut",
    "active_lease",
    "catalog_configured",
    "compute_delta",
    "enqueue_artist_sync",
    "get_artist_profile",
    "lock_key",
    "open_spotify_catalog",
    "spotify_id_of",
    "staleness",
    "stored_synced_at",
]
