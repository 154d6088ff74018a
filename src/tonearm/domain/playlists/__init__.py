"""Spotify playlists: sync into wanted tracks, list and detail, and their jobs.

Job handlers live in :mod:`tonearm.domain.playlists.tasks` (loaded by ``load_tasks``).
"""

from tonearm.domain.playlists.access import (
    SettingsSpotifyAccess,
    SpotifyAccess,
    SpotifyReader,
    access_from,
)
from tonearm.domain.playlists.credentials import (
    SPOTIFY_CREDENTIAL_KEYS,
    evict_on_credentials_change,
)
from tonearm.domain.playlists.queries import (
    PlaylistDetail,
    PlaylistEntryOut,
    PlaylistOut,
    PlaylistPage,
    get_playlist,
    list_playlists,
)
from tonearm.domain.playlists.sync import SyncResult, candidate_from_track, sync_playlist

__all__ = [
    "SPOTIFY_CREDENTIAL_KEYS",
    "PlaylistDetail",
    "PlaylistEntryOut",
    "PlaylistOut",
    "PlaylistPage",
    "SettingsSpotifyAccess",
    "SpotifyAccess",
    "SpotifyReader",
    "SyncResult",
    "access_from",
    "candidate_from_track",
    "evict_on_credentials_change",
    "get_playlist",
    "list_playlists",
    "sync_playlist",
]
