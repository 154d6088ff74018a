"""Typed async client for slskd's HTTP API (0.22 to 0.26)."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
from pydantic import TypeAdapter

from ._http import DEFAULT_TIMEOUT, SlskdTransport, segment
from .errors import SlskdConflict, SlskdError, SlskdNotFound, SlskdSearchTimeout
from .models import (
    ApplicationInfo,
    BatchEnqueueResult,
    EnqueueFailure,
    EnqueueResult,
    FileToDownload,
    SearchInfo,
    SearchResponse,
    ServerState,
    SlskdEvent,
    Transfer,
    UserTransfers,
)

__all__ = ["SlskdClient"]

_SEARCHES = TypeAdapter(list[SearchInfo])
_RESPONSES = TypeAdapter(list[SearchResponse])
_USERS = TypeAdapter(list[UserTransfers])
_EVENTS = TypeAdapter(list[SlskdEvent])
_TRANSFERS = TypeAdapter(list[Transfer])
BATCH_VERSION = (0, 26)


class SlskdClient:
    """slskd over an injected `httpx.AsyncClient`.

    No retry policy lives here (a gateway wraps the client); the one exception is a single
    re-read of search responses that are empty right after completion.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: str,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        version: tuple[int, ...] | None = None,
        empty_responses_retry_s: float = 0.5,
    ) -> None:
        self._transport = SlskdTransport(http, base_url, api_key, timeout)
        self._version = version
        self._empty_retry_s = empty_responses_retry_s

    # ----------------------------------------------------------------- application

    async def get_server_state(self) -> ServerState:
        """The Soulseek server connection (`GET /server`)."""
        response = await self._transport.request("GET", "/server")
        return ServerState.model_validate(response.json())

    async def get_application(self) -> ApplicationInfo:
        """Application info; also remembers the version for routing decisions."""
        response = await self._transport.request("GET", "/application")
        info = ApplicationInfo.model_validate(response.json())
        self._version = info.version.number
        return info

    async def get_version(self) -> tuple[int, ...]:
        """slskd's version, fetched once then cached."""
        if self._version is None:
            await self.get_application()
        assert self._version is not None  # noqa: S101 - set by get_application
        return self._version

    # ----------------------------------------------------------------- searches

    async def create_search(
        self,
        text: str,
        *,
        search_timeout_ms: int = 15000,
        response_limit: int = 250,
        file_limit: int = 25000,
        filter_responses: bool = True,
        minimum_response_file_count: int = 1,
        minimum_peer_upload_speed: int | None = None,
        maximum_peer_queue_length: int | None = None,
        id: str | None = None,
    ) -> SearchInfo:
        """Start a search. A concurrent creation raises `SlskdConcurrencyLimited`."""
        body: dict[str, Any] = {
            "id": id or str(uuid.uuid4()),
            "searchText": text,
            "searchTimeout": search_timeout_ms,
            "responseLimit": response_limit,
            "fileLimit": file_limit,
            "filterResponses": filter_responses,
            "minimumResponseFileCount": minimum_response_file_count,
        }
        if minimum_peer_upload_speed is not None:
            body["minimumPeerUploadSpeed"] = minimum_peer_upload_speed
        if maximum_peer_queue_length is not None:
            body["maximumPeerQueueLength"] = maximum_peer_queue_length
        response = await self._transport.request("POST", "/searches", json=body)
        return SearchInfo.model_validate(response.json())

    async def get_search(self, search_id: str) -> SearchInfo:
        """One search's state."""
        response = await self._transport.request("GET", f"/searches/{segment(search_id)}")
        return SearchInfo.model_validate(response.json())

    async def list_searches(self) -> list[SearchInfo]:
        """Every search slskd remembers."""
        return _SEARCHES.validate_python((await self._transport.request("GET", "/searches")).json())

    async def wait_for_search(
        self, search_id: str, deadline_s: float, poll_interval: float = 0.5
    ) -> SearchInfo:
        """Poll until the search completes; past `deadline_s` cancel it and raise
        `SlskdSearchTimeout` (slskd's own timeout is about inactivity, not a deadline)."""
        deadline = time.monotonic() + deadline_s
        while True:
            search = await self.get_search(search_id)
            if search.completed:
                return search
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                await self._cancel_quietly(search_id)
                raise SlskdSearchTimeout(f"search {search_id} not complete after {deadline_s}s")
            await asyncio.sleep(min(poll_interval, remaining))

    async def _cancel_quietly(self, search_id: str) -> None:
        with contextlib.suppress(SlskdError):  # the timeout is what the caller must hear
            await self.cancel_search(search_id)

    async def get_responses(self, search_id: str) -> list[SearchResponse]:
        """Responses of a completed search (slskd returns `[]` until completion, and
        sometimes for a moment after: then this reads once more)."""
        path = f"/searches/{segment(search_id)}/responses"
        responses = _RESPONSES.validate_python((await self._transport.request("GET", path)).json())
        if responses or not (await self.get_search(search_id)).completed:
            return responses
        await asyncio.sleep(self._empty_retry_s)
        return _RESPONSES.validate_python((await self._transport.request("GET", path)).json())

    async def cancel_search(self, search_id: str) -> None:
        """Stop a running search (`PUT /searches/{id}`)."""
        await self._transport.request("PUT", f"/searches/{segment(search_id)}")

    async def delete_search(self, search_id: str) -> None:
        """Forget a search."""
        await self._transport.request("DELETE", f"/searches/{segment(search_id)}")

    # ----------------------------------------------------------------- downloads

    async def enqueue_download(
        self,
        username: str,
        files: Sequence[FileToDownload],
        *,
        batch_id: str | None = None,
        search_id: str | None = None,
        destination: str | None = None,
        external_id: str | None = None,
    ) -> EnqueueResult:
        """Enqueue files from one peer: a batch on 0.26+ (idempotent by `batch_id`: a
        replay returns the existing transfers), else the legacy route."""
        if await self.get_version() >= BATCH_VERSION:
            return await self._enqueue_batch(
                username, files, batch_id or str(uuid.uuid4()), search_id, destination, external_id
            )
        return await self._enqueue_legacy(username, files)

    async def _enqueue_batch(
        self,
        username: str,
        files: Sequence[FileToDownload],
        batch_id: str,
        search_id: str | None,
        destination: str | None,
        external_id: str | None,
    ) -> EnqueueResult:
        options = {
            k: v for k, v in (("destination", destination), ("externalId", external_id)) if v
        }
        body: dict[str, Any] = {
            "id": batch_id,
            "username": username,
            "files": [f.model_dump() for f in files],
            "options": options,
        }
        if search_id is not None:
            body["searchId"] = search_id
        try:
            response = await self._transport.request(
                "POST", "/transfers/downloads/batches", json=body
            )
        except SlskdConflict:
            existing = await self._batch_transfers(username, batch_id)
            return EnqueueResult(
                route="batch", batch_id=batch_id, transfers=existing, already_enqueued=True
            )
        result = BatchEnqueueResult.model_validate(response.json())
        return EnqueueResult(
            route="batch",
            batch_id=result.batch.id,
            transfers=result.batch.transfers,
            failed=result.failures,
        )

    async def _batch_transfers(self, username: str, batch_id: str) -> list[Transfer]:
        try:
            user = await self.get_user_downloads(username)
        except SlskdNotFound:
            return []
        return [t for t in user.transfers() if t.batch_id == batch_id]

    async def _enqueue_legacy(
        self, username: str, files: Sequence[FileToDownload]
    ) -> EnqueueResult:
        path = f"/transfers/downloads/{segment(username)}"
        response = await self._transport.request("POST", path, json=[f.model_dump() for f in files])
        failed = _failures(response)
        # Only the number of failures is trusted; the transfers are confirmed by a GET.
        refused = {f.filename for f in failed}
        try:
            user = await self.get_user_downloads(username)
            current = user.transfers()
        except SlskdNotFound:
            current = []
        wanted = {f.filename for f in files} - refused
        transfers = [t for t in current if t.filename in wanted and not t.removed]
        return EnqueueResult(route="legacy", transfers=transfers, failed=failed)

    async def list_downloads(self) -> list[UserTransfers]:
        """All downloads, grouped by peer and directory."""
        response = await self._transport.request("GET", "/transfers/downloads")
        return _USERS.validate_python(response.json())

    async def get_user_downloads(self, username: str) -> UserTransfers:
        """Downloads from one peer (`SlskdNotFound` when there are none)."""
        path = f"/transfers/downloads/{segment(username)}"
        return UserTransfers.model_validate((await self._transport.request("GET", path)).json())

    async def get_download(self, username: str, transfer_id: str) -> Transfer:
        """One download."""
        path = f"/transfers/downloads/{segment(username)}/{segment(transfer_id)}"
        return Transfer.model_validate((await self._transport.request("GET", path)).json())

    async def find_transfer(self, username: str, filename: str) -> Transfer | None:
        """The most recent visible download of `filename` from `username`, if any."""
        try:
            user = await self.get_user_downloads(username)
        except SlskdNotFound:
            return None
        matches = [t for t in user.transfers() if t.filename == filename and not t.removed]
        return max(matches, key=lambda t: t.requested_at or t.ended_at or 0, default=None)

    async def cancel_download(self, username: str, transfer_id: str, remove: bool = False) -> None:
        """Cancel a download; `remove=True` also hides it from listings."""
        path = f"/transfers/downloads/{segment(username)}/{segment(transfer_id)}"
        params = {"remove": "true"} if remove else None
        await self._transport.request("DELETE", path, params=params)

    async def get_events(self, offset: int = 0, limit: int = 100) -> list[SlskdEvent]:
        """A page of slskd's event log, oldest first."""
        params = {"offset": offset, "limit": limit}
        response = await self._transport.request("GET", "/events", params=params)
        return _EVENTS.validate_python(response.json())


def _failures(response: httpx.Response) -> list[EnqueueFailure]:
    """`failed` of the legacy answer (0.24+; empty body before). Entries may be strings."""
    if not response.content:
        return []
    try:
        payload = response.json()
    except ValueError:
        return []
    raw = payload.get("failed", []) if isinstance(payload, dict) else []
    return [
        EnqueueFailure(filename=item)
        if isinstance(item, str)
        else EnqueueFailure.model_validate(item)
        for item in raw
        if isinstance(item, (str, dict))
    ]
