"""ORM models, one module per table. Importing this package registers every table."""

from tonearm.db.models.acquisition_rate_state import AcquisitionRateState
from tonearm.db.models.activity_event import ActivityEvent
from tonearm.db.models.artist import Artist
from tonearm.db.models.blocklist import WHOLE_PEER, BlocklistEntry
from tonearm.db.models.download import ACTIVE_DOWNLOAD_STATES, DOWNLOAD_STATES, Download
from tonearm.db.models.download_candidate import DownloadCandidate
from tonearm.db.models.import_job import IMPORT_STATUSES, ImportJob
from tonearm.db.models.job import JOB_STATUSES, Job
from tonearm.db.models.job_schedule_tick import JobScheduleTick
from tonearm.db.models.library_file import LibraryFile
from tonearm.db.models.oauth_state import OAuthState
from tonearm.db.models.playlist import Playlist
from tonearm.db.models.playlist_entry import PlaylistEntry
from tonearm.db.models.provider_state import CIRCUIT_STATES, ProviderState
from tonearm.db.models.quality_check import QualityCheck
from tonearm.db.models.release import RELEASE_GROUPS, Release
from tonearm.db.models.release_track import ReleaseTrack
from tonearm.db.models.setting import Setting
from tonearm.db.models.spotify_token import SpotifyToken
from tonearm.db.models.track import TRACK_STATES, Track
from tonearm.db.models.watchlist_entry import WatchlistEntry

__all__ = [
    "ACTIVE_DOWNLOAD_STATES",
    "CIRCUIT_STATES",
    "DOWNLOAD_STATES",
    "IMPORT_STATUSES",
    "JOB_STATUSES",
    "RELEASE_GROUPS",
    "TRACK_STATES",
    "WHOLE_PEER",
    "AcquisitionRateState",
    "ActivityEvent",
    "Artist",
    "BlocklistEntry",
    "Download",
    "DownloadCandidate",
    "ImportJob",
    "Job",
    "JobScheduleTick",
    "LibraryFile",
    "OAuthState",
    "Playlist",
    "PlaylistEntry",
    "ProviderState",
    "QualityCheck",
    "Release",
    "ReleaseTrack",
    "Setting",
    "SpotifyToken",
    "Track",
    "WatchlistEntry",
]
