"""Spotify playlists: sync into wanted tracks, list and detail, and their jobs.

Job handlers live in :mod:`tonearm.domain.playlists.tasks` (loaded by ``load_tasks``).
"""

from tonearm.domain.playlists.access import (
    SettingsSpotifyAccess,
    SpotifyAccess,
    SpotifyReader,
    access_from,
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
    "get_playlist",
    "list_playlists",
    "sync_playlist",
]
