"""Pydantic models of slskd's JSON (camelCase on the wire, omitted fields tolerated)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from .states import TransferState, parse_version

__all__ = [
    "ApplicationInfo",
    "BatchEnqueueResult",
    "DownloadFileComplete",
    "EnqueueFailure",
    "EnqueueResult",
    "EnqueuedBatch",
    "FileToDownload",
    "SearchFile",
    "SearchInfo",
    "SearchResponse",
    "ServerState",
    "SlskdEvent",
    "Transfer",
    "TransferDirectory",
    "UserTransfers",
    "VersionInfo",
]


class SlskdModel(BaseModel):
    """Base: camelCase aliases, population by name, unknown fields ignored."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class ServerState(SlskdModel):
    """`GET /server`: the connection to the Soulseek server."""

    address: str | None = None
    state: str = ""
    username: str | None = None
    is_connected: bool = False
    is_logged_in: bool = False
    is_transitioning: bool = False


class VersionInfo(SlskdModel):
    """The `version` part of `GET /application`."""

    current: str
    full: str | None = None
    latest: str | None = None
    is_update_available: bool | None = None

    @property
    def number(self) -> tuple[int, ...]:
        """The current version as a tuple, e.g. (0, 26, 0)."""
        return parse_version(self.current)


class ApplicationInfo(SlskdModel):
    """`GET /application`."""

    version: VersionInfo
    server: ServerState | None = None


class SearchInfo(SlskdModel):
    """A search as `POST/GET /searches` return it."""

    id: str
    search_text: str = ""
    state: str = "Requested"
    is_complete: bool = False
    response_count: int = 0
    file_count: int = 0
    locked_file_count: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    token: int | None = None

    @property
    def completed(self) -> bool:
        """Done, by either `isComplete` or the Completed flag (never `state != InProgress`)."""
        return self.is_complete or "Completed" in self.state


class SearchFile(SlskdModel):
    """One file in a search response; audio attributes are often absent."""

    filename: str
    size: int = 0
    extension: str = ""
    code: int | None = None
    bit_rate: int | None = None
    bit_depth: int | None = None
    sample_rate: int | None = None
    length: int | None = None
    is_variable_bit_rate: bool | None = None
    is_locked: bool = False

    @property
    def suffix(self) -> str:
        """The extension, derived from the filename when slskd leaves it empty."""
        if self.extension:
            return self.extension.lower().lstrip(".")
        return PureWindowsPath(self.filename).suffix.lower().lstrip(".")


class SearchResponse(SlskdModel):
    """All files one peer offered for a search."""

    username: str
    file_count: int = 0
    files: list[SearchFile] = Field(default_factory=list)
    locked_file_count: int = 0
    locked_files: list[SearchFile] = Field(default_factory=list)
    has_free_upload_slot: bool = False
    queue_length: int = 0
    upload_speed: int = 0
    token: int | None = None


class FileToDownload(SlskdModel):
    """A file to enqueue: the remote name and size exactly as the search returned them."""

    filename: str
    size: int


class Transfer(SlskdModel):
    """A download as slskd reports it."""

    id: str
    username: str
    direction: str = "Download"
    filename: str
    size: int = 0
    state: str = ""
    requested_at: datetime | None = None
    enqueued_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    bytes_transferred: int = 0
    average_speed: float = 0.0
    bytes_remaining: int | None = None
    percent_complete: float = 0.0
    place_in_queue: int | None = None
    exception: str | None = None
    removed: bool = False
    attempts: int | None = None
    next_attempt_at: datetime | None = None
    batch_id: str | None = None

    @property
    def parsed_state(self) -> TransferState:
        """The state flags."""
        return TransferState.parse(self.state)


class TransferDirectory(SlskdModel):
    """Transfers of one remote directory."""

    directory: str = ""
    file_count: int = 0
    files: list[Transfer] = Field(default_factory=list)


class UserTransfers(SlskdModel):
    """Transfers of one peer, by directory."""

    username: str
    directories: list[TransferDirectory] = Field(default_factory=list)

    def transfers(self) -> list[Transfer]:
        """Every transfer of this peer."""
        return [t for d in self.directories for t in d.files]


class EnqueueFailure(SlskdModel):
    """A file slskd refused to enqueue."""

    filename: str = ""
    message: str | None = None


class EnqueuedBatch(SlskdModel):
    """The `batch` object of a batch enqueue."""

    id: str
    username: str | None = None
    transfers: list[Transfer] = Field(default_factory=list)


class BatchEnqueueResult(SlskdModel):
    """Answer of `POST /transfers/downloads/batches`."""

    batch: EnqueuedBatch
    failures: list[EnqueueFailure] = Field(default_factory=list)


class EnqueueResult(BaseModel):
    """What an enqueue achieved, whichever route was used.

    `transfers` may be empty on old versions (their answer has no body): confirm with
    `find_transfer`. `already_enqueued` is true when the batch id existed (idempotent replay).
    """

    route: str
    batch_id: str | None = None
    transfers: list[Transfer] = Field(default_factory=list)
    failed: list[EnqueueFailure] = Field(default_factory=list)
    already_enqueued: bool = False


class DownloadFileComplete(SlskdModel):
    """Data of a `DownloadFileComplete` event."""

    local_filename: str
    remote_filename: str
    transfer: Transfer | None = None


class SlskdEvent(SlskdModel):
    """An event of `GET /events`; `data` is a JSON document carried as a string."""

    id: str
    timestamp: datetime | None = None
    type: str
    data: dict[str, Any] = Field(default_factory=dict)

    @field_validator("data", mode="before")
    @classmethod
    def _decode(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value) if value else {}
            except ValueError:
                return {}
        return value or {}

    @property
    def download_complete(self) -> DownloadFileComplete | None:
        """The parsed payload when this is a `DownloadFileComplete` event."""
        if self.type != "DownloadFileComplete":
            return None
        return DownloadFileComplete.model_validate(self.data)


def remote_basename(remote_filename: str) -> str:
    """Last component of a Soulseek path (backslashes or slashes)."""
    return PurePosixPath(remote_filename.replace("\\", "/")).name
