"""Typed async client for slskd (the Soulseek daemon), its models, states and errors."""

from .client import SlskdClient
from .errors import (
    SlskdAuthError,
    SlskdBadRequest,
    SlskdConcurrencyLimited,
    SlskdConflict,
    SlskdError,
    SlskdNotFound,
    SlskdRateLimited,
    SlskdSearchTimeout,
    SlskdServerError,
    SlskdUnavailable,
)
from .models import (
    ApplicationInfo,
    DownloadFileComplete,
    EnqueueFailure,
    EnqueueResult,
    FileToDownload,
    SearchFile,
    SearchInfo,
    SearchResponse,
    ServerState,
    SlskdEvent,
    Transfer,
    UserTransfers,
)
from .paths import local_path_for
from .states import TransferState, is_limit_rejection, parse_version

__all__ = [
    "ApplicationInfo",
    "DownloadFileComplete",
    "EnqueueFailure",
    "EnqueueResult",
    "FileToDownload",
    "SearchFile",
    "SearchInfo",
    "SearchResponse",
    "ServerState",
    "SlskdAuthError",
    "SlskdBadRequest",
    "SlskdClient",
    "SlskdConcurrencyLimited",
    "SlskdConflict",
    "SlskdError",
    "SlskdEvent",
    "SlskdNotFound",
    "SlskdRateLimited",
    "SlskdSearchTimeout",
    "SlskdServerError",
    "SlskdUnavailable",
    "Transfer",
    "TransferState",
    "UserTransfers",
    "is_limit_rejection",
    "local_path_for",
    "parse_version",
]
