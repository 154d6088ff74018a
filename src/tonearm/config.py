"""The one typed configuration object, built once and passed in (never read from globals)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["QUALITY_FORMAT_NAMES", "RUNTIME_KEYS", "SECRET_KEYS", "Settings"]

LogFormat = Literal["json", "console"]
# Lists come from the environment as comma-separated text (or JSON).
CsvList = Annotated[list[str], NoDecode]

#: The format tiers a quality profile can list (the matching engine defines each one).
QUALITY_FORMAT_NAMES: tuple[str, ...] = ("FLAC", "MP3 320", "MP3 V0", "AAC 256+", "MP3 256")


def _split_csv_text(value: Any) -> Any:
    if isinstance(value, str):
        if value.strip().startswith("["):
            return json.loads(value)
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _known_formats(names: list[str]) -> list[str]:
    """Canonical tier names in the given order (case and spaces do not matter)."""
    known = {_format_key(name): name for name in QUALITY_FORMAT_NAMES}
    result: list[str] = []
    for name in names:
        canonical = known.get(_format_key(name))
        if canonical is None:
            raise ValueError(
                f"unknown format {name!r}; known formats: {', '.join(QUALITY_FORMAT_NAMES)}"
            )
        if canonical in result:
            raise ValueError(f"format {canonical!r} is listed twice")
        result.append(canonical)
    if not result:
        raise ValueError("list at least one format")
    return result


def _format_key(name: str) -> str:
    return "".join(name.split()).casefold()


# Ordered format tiers, best first: "FLAC,MP3 320" in the environment, a list through the API.
QualityFormats = Annotated[
    list[str], NoDecode, BeforeValidator(_split_csv_text), AfterValidator(_known_formats)
]


class Settings(BaseSettings):
    """Tonearm settings: defaults < environment (``TONEARM_*``, ``.env``, secrets dir) < API."""

    model_config = SettingsConfigDict(
        env_prefix="TONEARM_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    # Process and storage
    data_dir: Path = Field(Path("data"), description="Where the database, keys and state live.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL; default SQLite under the data dir. "
        "PostgreSQL: postgresql+psycopg://user@host/db",
    )
    migrate_on_start: bool = Field(True, description="`serve` runs migrations before listening.")
    host: str = Field("127.0.0.1", description="Address `serve` binds to.")
    port: int = Field(8080, ge=1, le=65535, description="Port `serve` listens on.")
    log_level: str = Field("INFO", description="Minimum log level.")
    log_format: LogFormat = Field("json", description="`json` lines (default) or `console`.")

    # Security and HTTP
    api_key: SecretStr | None = Field(
        None, description="The API key. When unset, one is generated on first start."
    )
    cors_origins: CsvList = Field(
        default_factory=list, description="Allowed CORS origins (closed by default)."
    )
    max_json_bytes: int = Field(1_048_576, ge=1024, description="Largest JSON request body.")
    max_upload_bytes: int = Field(5_242_880, ge=1024, description="Largest uploaded file.")
    feature_admin_api: bool = Field(
        False, description="Expose the admin artist operations (decided when the app is built)."
    )
    cache_url: str | None = Field(
        None, description="Response cache backend: unset = in-process memory, redis://… = shared."
    )
    session_secret: SecretStr | None = Field(
        None, description="Key that signs UI session cookies; generated in the data dir if unset."
    )

    # Background work
    embedded_worker: bool = Field(
        True,
        description="`serve` also runs a worker and the scheduler (off for API-only replicas).",
    )
    worker_concurrency: int = Field(4, ge=1, le=64, description="Jobs one worker runs at once.")
    worker_lease_s: float = Field(
        30.0,
        ge=1,
        le=3600,
        description="How long a job stays claimed without a heartbeat (heartbeats every third); "
        "the jobs of a killed process run again once it has passed.",
    )

    # Folders
    downloads_dir: Path | None = Field(
        None, description="Tonearm's own staging folder; default <data_dir>/downloads."
    )
    library_dir: Path | None = Field(
        None, description="Root of the music library; default <data_dir>/library."
    )

    # slskd
    slskd_url: str | None = Field(None, description="slskd base URL, e.g. http://127.0.0.1:5030.")
    slskd_api_key: SecretStr | None = Field(None, description="slskd API key.")
    slskd_downloads_dir: Path | None = Field(
        None, description="slskd's downloads folder as Tonearm sees it (another mount point)."
    )

    # Spotify
    spotify_client_id: str | None = Field(None, description="Spotify app client id.")
    spotify_client_secret: SecretStr | None = Field(None, description="Spotify app client secret.")
    spotify_redirect_uri: str = Field(
        "http://127.0.0.1:8080/api/v1/spotify/oauth/callback",
        description="OAuth redirect URI: HTTPS or a loopback IP literal (`localhost` is refused).",
    )
    spotify_api_url: str = Field("https://api.spotify.com/v1", description="Spotify Web API base.")
    spotify_accounts_url: str = Field(
        "https://accounts.spotify.com", description="Spotify accounts base."
    )

    # Provider gateway (every outbound call to slskd and Spotify)
    provider_timeout_s: float = Field(
        15.0, gt=0, description="Time limit of one outbound request attempt (seconds)."
    )
    provider_retry_attempts: int = Field(
        4, ge=1, le=20, description="Attempts of one outbound call on transient errors."
    )
    provider_retry_deadline_s: float = Field(
        45.0, gt=0, description="Overall deadline of one call's retries (seconds)."
    )
    provider_retry_wait_initial_s: float = Field(
        0.5, ge=0, description="First back-off between retries; doubles, with jitter."
    )
    provider_retry_wait_max_s: float = Field(
        8.0, ge=0, description="Longest back-off between two retries (seconds)."
    )
    provider_retry_after_cap_s: float = Field(
        30.0,
        ge=0,
        description="Longest `Retry-After` waited in place; a longer one starts a provider-wide "
        "cooldown and hands the wait to the job queue.",
    )
    provider_circuit_threshold: int = Field(
        5, ge=1, description="Consecutive failed calls that open a provider's circuit."
    )
    provider_circuit_cooloff_s: float = Field(
        60.0, gt=0, description="Time an open circuit waits before one trial call (seconds)."
    )

    # Post-processing
    path_template: str = Field(
        "{album_artist}/{album} ({year})/{disc_track} - {title}.{ext}",
        description="Where a finished track is filed, relative to the library.",
    )
    artwork_enabled: bool = Field(True, description="Embed cover art.")
    artwork_allowed_hosts: CsvList = Field(
        default_factory=lambda: ["i.scdn.co", "mosaic.scdn.co", "image-cdn-ak.spotifycdn.com"],
        description="Hosts cover art may be fetched from (nothing else is ever fetched).",
    )
    lyrics_enabled: bool = Field(False, description="Write `.lrc` lyrics next to tracks.")
    lyrics_url: str = Field(
        "https://lrclib.net", description="LRCLIB-style lyrics provider base (`/api/get`)."
    )
    artwork_max_bytes: int = Field(
        5_242_880, ge=1024, description="Largest cover image that is downloaded and embedded."
    )
    verify_duration_tolerance_s: float = Field(
        10.0, gt=0, description="How far a downloaded file's duration may be from the wanted one."
    )
    media_server_kind: Literal["subsonic", "jellyfin", "plex"] | None = Field(
        None, description="Media server to ask for a rescan after a track is filed (or none)."
    )
    media_server_url: str | None = Field(None, description="Media server base URL.")
    media_server_user: str | None = Field(None, description="Subsonic/Navidrome user name.")
    media_server_token: SecretStr | None = Field(
        None, description="Subsonic password, Jellyfin API key or Plex token."
    )

    # Acquisition (Soulseek etiquette: a flood costs a 30-minute ban)
    slskd_search_timeout_ms: int = Field(
        15000, ge=1000, description="slskd's search inactivity timeout (milliseconds)."
    )
    slskd_searches_per_window: int = Field(
        34, ge=1, description="Most searches started per sliding window, across all workers."
    )
    slskd_search_window_s: float = Field(220.0, gt=0, description="The sliding window (seconds).")
    slskd_search_min_gap_s: float = Field(
        5.0, ge=0, description="Minimum time between two search starts (seconds)."
    )
    slskd_max_running_searches: int = Field(
        2, ge=1, le=2, description="Searches running at once (slskd runs at most 2)."
    )
    slskd_backoff_s: float = Field(
        60.0, ge=0, description="Global pause of every search after slskd answers 429."
    )
    download_poll_interval_s: float = Field(
        2.0, gt=0, description="How often a running transfer is checked (seconds)."
    )
    download_stall_timeout_s: float = Field(
        600.0, gt=0, description="A transfer without progress for this long is abandoned."
    )
    acquisition_max_tries_per_search: int = Field(
        5, ge=1, description="Candidates tried from one search before searching again."
    )
    acquisition_max_searches: int = Field(
        3, ge=1, description="Search rounds for a track before it is marked failed."
    )
    acquisition_research_delay_s: float = Field(
        900.0, ge=0, description="Delay before a new search round (doubles each round)."
    )

    # Quality profile (how candidates are ranked, and when a file is worth replacing)
    quality_formats: QualityFormats = Field(
        default_factory=lambda: list(QUALITY_FORMAT_NAMES),
        description="Acceptable formats, best first; anything else is never downloaded "
        "(FLAC, MP3 320, MP3 V0, AAC 256+, MP3 256).",
    )
    quality_min_bitrate: int | None = Field(
        None, ge=1, le=10000, description="Lowest bitrate of a lossy file (kbps); unset = any."
    )
    quality_max_size_mb: int | None = Field(
        2048, ge=1, description="Largest file downloaded (MiB); unset = no limit."
    )
    quality_preferred_users: CsvList = Field(
        default_factory=list, description="Soulseek users whose files win a close call."
    )
    quality_blocked_users: CsvList = Field(
        default_factory=list, description="Soulseek users never downloaded from."
    )
    quality_upgrade_lossy: bool = Field(
        True,
        description="Keep looking for a better file for tracks done with a lossy one, and "
        "replace it when one appears.",
    )
    quality_upgrade_interval_s: float = Field(
        604800.0,
        ge=0,
        description="Least time between two upgrade searches of one track (seconds); due "
        "tracks are looked for every 10 minutes.",
    )
    quality_upgrade_max_per_tick: int = Field(
        10, ge=1, le=1000, description="Most upgrade searches queued every 10 minutes."
    )

    # Artists and watchlist
    artist_hard_delete_removed: bool = Field(
        False,
        description="Delete releases that vanished upstream (default: keep them, inactive).",
    )
    artist_stale_after_s: float = Field(
        604800.0, gt=0, description="Artist data older than this carries a staleness warning."
    )
    watchlist_interval_s: float = Field(
        86400.0, ge=60, description="How often a watched artist is checked for new releases."
    )
    watchlist_jitter_s: float = Field(
        3600.0, ge=0, description="Random spread added to each artist's next check."
    )
    watchlist_max_per_tick: int = Field(
        20, ge=1, description="Most artist checks one watchlist tick enqueues."
    )
    watchlist_retry_budget: int = Field(
        3, ge=1, description="Failed checks in a row before an artist cools down."
    )
    watchlist_retry_delay_s: float = Field(
        900.0, ge=0, description="Delay before a failed artist check is tried again."
    )
    watchlist_cooldown_s: float = Field(
        21600.0, ge=0, description="Pause of an artist's checks once its retry budget is spent."
    )
    watchlist_release_groups: CsvList = Field(
        default_factory=lambda: ["album", "single"],
        description="Release kinds that create wanted tracks by default "
        "(album, single, compilation, appears_on).",
    )

    # Unified search
    search_slskd_wait_s: float = Field(
        8.0, gt=0, description="Longest wait for Soulseek results in a search (partial after)."
    )
    search_spotify_max_results: int = Field(
        30, ge=1, le=50, description="Most Spotify results fetched per type in a search."
    )

    # Playlists, imports and the response cache
    playlist_sync_interval_s: float = Field(
        21600.0, ge=60, description="How often followed playlists are re-synced (seconds)."
    )
    import_max_pending: int = Field(
        5000,
        ge=1,
        description="Most import entries waiting to be processed; beyond it imports get 429.",
    )
    import_batch_size: int = Field(
        500, ge=1, le=5000, description="Import entries turned into wanted tracks per batch."
    )
    cache_max_entries: int = Field(
        2048, ge=16, description="Entries the in-process response cache keeps (LRU)."
    )
    cache_ttl_s: float = Field(
        300.0, gt=0, description="Longest life of a cached response without invalidation."
    )

    @field_validator(
        "cors_origins",
        "artwork_allowed_hosts",
        "watchlist_release_groups",
        "quality_preferred_users",
        "quality_blocked_users",
        mode="before",
    )
    @classmethod
    def _split_csv(cls, value: Any) -> Any:
        return _split_csv_text(value)

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'tonearm.db').resolve()}"

    @property
    def resolved_downloads_dir(self) -> Path:
        """Tonearm's staging folder."""
        return self.downloads_dir or self.data_dir / "downloads"

    @property
    def resolved_library_dir(self) -> Path:
        """The library root."""
        return self.library_dir or self.data_dir / "library"


SECRET_KEYS: frozenset[str] = frozenset(
    name
    for name, field in Settings.model_fields.items()
    if field.annotation is not None and "SecretStr" in repr(field.annotation)
)

# Settings a person may change at run time through the API; the rest need a restart.
RUNTIME_KEYS: frozenset[str] = frozenset(
    {
        "downloads_dir",
        "library_dir",
        "slskd_url",
        "slskd_api_key",
        "slskd_downloads_dir",
        "spotify_client_id",
        "spotify_client_secret",
        "spotify_redirect_uri",
        "path_template",
        "artwork_enabled",
        "artwork_allowed_hosts",
        "lyrics_enabled",
        "lyrics_url",
        "media_server_kind",
        "media_server_url",
        "media_server_user",
        "media_server_token",
        "download_stall_timeout_s",
        "quality_formats",
        "quality_min_bitrate",
        "quality_max_size_mb",
        "quality_preferred_users",
        "quality_blocked_users",
        "quality_upgrade_lossy",
        "quality_upgrade_interval_s",
        "quality_upgrade_max_per_tick",
    }
)
