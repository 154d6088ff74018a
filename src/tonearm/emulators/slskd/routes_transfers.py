"""Download routes: legacy and batch enqueue, listings, cancel, and the event log."""

from __future__ import annotations

import json
import uuid
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .files import is_traversal
from .network import Peer
from .state import EmulatorState
from .timing import TransferPlan
from .transfers import TransferRecord, transfer_to_wire
from .wire import error_text, json_response

__all__ = ["transfer_routes"]


def _state(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.slskd
    state.advance()
    return state


def _plan(state: EmulatorState, peer: Peer | None, username: str, filename: str) -> TransferPlan:
    retries = state.version >= (0, 25)
    if peer is None or peer.behaviour == "offline":
        message = f"User {username} appears to be offline"
        return TransferPlan("offline", 0, 1, retries, message)
    item = peer.find(filename)
    if item is None:
        return TransferPlan("reject", 0, 1, retries, "File not shared.")
    speed = peer.speed_bytes_per_s
    exceptions = {
        "reject": peer.reject_reason,
        "error": "Remote connection closed",
        "vanish": "Remote connection closed",
    }
    place = peer.queue_length + 1
    vanish_after = (
        peer.vanish_after_bytes if peer.vanish_after_bytes is not None else item.size // 2
    )
    return TransferPlan(
        peer.behaviour,
        item.size,
        speed,
        retries,
        exceptions.get(peer.behaviour),
        place,
        fail_after_bytes=min(vanish_after, max(0, item.size - 1)),
        retry_exception=f"User {username} appears to be offline",
    )


def _enqueue(
    state: EmulatorState,
    username: str,
    file: dict[str, Any],
    batch_id: str | None = None,
    destination: str | None = None,
) -> TransferRecord:
    peer = state.network.users.get(username)
    filename = str(file["filename"])
    record = TransferRecord(
        username=username,
        filename=filename,
        size=int(file.get("size") or 0),
        plan=_plan(state, peer, username, filename),
        requested_at=state.timeline.now(),
        item=None if peer is None else peer.find(filename),
        batch_id=batch_id,
        destination=destination,
    )
    state.transfers.add(record)
    return record


def _wire(state: EmulatorState, record: TransferRecord) -> dict[str, Any]:
    snap = record.snapshot(state.timeline.now())
    return transfer_to_wire(record, snap, state.timeline, state.version)


def _files(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, list) or not body:
        raise ValueError("expected a non-empty list of files")
    for item in body:
        if not isinstance(item, dict) or not isinstance(item.get("filename"), str):
            raise ValueError("every file needs a filename")
        int(item.get("size") or 0)
    return body


async def enqueue_legacy(request: Request) -> Response:
    """POST /transfers/downloads/{username}: `[{filename, size}]`."""
    state = _state(request)
    if state.enqueues_in_flight >= 2:
        return error_text(429, "Only one concurrent operation is permitted")
    state.enqueues_in_flight += 1
    try:
        await anyio.sleep(state.operation_hold_s)
        return await _legacy(request, state)
    finally:
        state.enqueues_in_flight -= 1


async def _legacy(request: Request, state: EmulatorState) -> Response:
    username = request.path_params["username"]
    try:
        files = _files(json.loads(await request.body()))
    except (ValueError, TypeError):
        return error_text(400, "Invalid request body")
    if state.version >= (0, 26) and any(is_traversal(f["filename"]) for f in files):
        return error_text(400, "Filenames must not contain path traversal")
    enqueued: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for file in files:
        if state.transfers.active(username, file["filename"]) is not None:
            failed.append({"filename": file["filename"], "message": "Already queued"})
            continue
        enqueued.append(_wire(state, _enqueue(state, username, file)))
    if state.version < (0, 24):
        return Response(status_code=201)
    return json_response({"enqueued": enqueued, "failed": failed}, status=201)


def _batch_request(body: Any) -> tuple[str, str, list[dict[str, Any]], dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get("username"), str):
        raise ValueError("username is required")
    batch_id = str(uuid.UUID(str(body.get("id") or uuid.uuid4())))
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise ValueError("options must be an object")
    return batch_id, body["username"], _files(body.get("files")), options


async def enqueue_batch(request: Request) -> Response:
    """POST /transfers/downloads/batches (0.26+): 201 all, 207 some, 200 none enqueued."""
    state = _state(request)
    if state.version < (0, 26):
        return error_text(404, "Not found")
    try:
        batch_id, username, files, options = _batch_request(json.loads(await request.body()))
    except (ValueError, TypeError):
        return error_text(400, "Invalid batch request")
    destination = options.get("destination")
    if destination is not None and (not isinstance(destination, str) or _unsafe(destination)):
        return error_text(400, "Destination must be a relative path inside the downloads folder")
    if batch_id in state.batches:
        return error_text(409, f"A batch with ID {batch_id} already exists")
    peer = state.network.users.get(username)
    if peer is None or peer.behaviour == "offline":
        return error_text(404, f"User {username} appears to be offline")
    return _record_batch(state, batch_id, username, files, options, destination)


def _unsafe(destination: str) -> bool:
    return destination.startswith(("/", "\\")) or ":" in destination or is_traversal(destination)


def _record_batch(
    state: EmulatorState,
    batch_id: str,
    username: str,
    files: list[dict[str, Any]],
    options: dict[str, Any],
    destination: str | None,
) -> Response:
    records: list[TransferRecord] = []
    failures: list[dict[str, str]] = []
    for file in files:
        if is_traversal(file["filename"]):
            failures.append({"filename": file["filename"], "message": "Invalid filename"})
        elif state.transfers.active(username, file["filename"]) is not None:
            failures.append({"filename": file["filename"], "message": "Already queued"})
        else:
            records.append(_enqueue(state, username, file, batch_id, destination))
    state.batches[batch_id] = {
        "id": batch_id,
        "username": username,
        "destination": destination,
        "externalId": options.get("externalId"),
        "createdAt": state.timeline.stamp(state.timeline.now()),
        "transferIds": [r.id for r in records],
    }
    batch = {k: v for k, v in state.batches[batch_id].items() if k != "transferIds"}
    batch["transfers"] = [_wire(state, r) for r in records]
    status = 201 if not failures else (207 if records else 200)
    return json_response({"batch": batch, "failures": failures}, status=status)


def _grouped(state: EmulatorState, records: list[TransferRecord]) -> list[dict[str, Any]]:
    users: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for record in records:
        directory = record.filename.rsplit("\\", 1)[0] if "\\" in record.filename else ""
        users.setdefault(record.username, {}).setdefault(directory, []).append(_wire(state, record))
    return [
        {
            "username": name,
            "directories": [
                {"directory": d, "fileCount": len(files), "files": files}
                for d, files in dirs.items()
            ],
        }
        for name, dirs in users.items()
    ]


async def list_downloads(request: Request) -> Response:
    """GET /transfers/downloads: grouped by user, then remote directory."""
    state = _state(request)
    return json_response(_grouped(state, state.transfers.visible()))


async def user_downloads(request: Request) -> Response:
    """GET /transfers/downloads/{username}: one group, 404 when there is none."""
    state = _state(request)
    groups = _grouped(state, state.transfers.visible(request.path_params["username"]))
    if not groups:
        return error_text(404, "No downloads for this user")
    return json_response(groups[0])


def _record(state: EmulatorState, request: Request) -> TransferRecord | None:
    record = state.transfers.transfers.get(request.path_params["transfer_id"])
    if record is None or record.removed or record.username != request.path_params["username"]:
        return None
    return record


async def get_download(request: Request) -> Response:
    """GET /transfers/downloads/{username}/{id}."""
    state = _state(request)
    record = _record(state, request)
    if record is None:
        return error_text(404, "Transfer not found")
    return json_response(_wire(state, record))


async def cancel_download(request: Request) -> Response:
    """DELETE /transfers/downloads/{username}/{id}: cancel; `?remove=true` also hides it."""
    state = _state(request)
    record = _record(state, request)
    if record is None:
        return error_text(404, "Transfer not found")
    now = state.timeline.now()
    if not record.snapshot(now).is_final:
        record.cancelled_at = now
    if request.query_params.get("remove", "").lower() == "true":
        record.removed = True
    return Response(status_code=204)


async def get_events(request: Request) -> Response:
    """GET /events?offset&limit: the event log, oldest first."""
    state = _state(request)
    try:
        offset = max(0, int(request.query_params.get("offset", "0")))
        limit = max(0, min(1000, int(request.query_params.get("limit", "100"))))
    except ValueError:
        return error_text(400, "offset and limit must be integers")
    return json_response(state.transfers.event_page(offset, limit))


def transfer_routes() -> list[Route]:
    """The transfer and event routes, relative to `/api/v0`."""
    base = "/transfers/downloads"
    return [
        Route(f"{base}/batches", enqueue_batch, methods=["POST"]),
        Route(base, list_downloads, methods=["GET"]),
        Route(f"{base}/{{username}}", enqueue_legacy, methods=["POST"]),
        Route(f"{base}/{{username}}", user_downloads, methods=["GET"]),
        Route(f"{base}/{{username}}/{{transfer_id}}", get_download, methods=["GET"]),
        Route(f"{base}/{{username}}/{{transfer_id}}", cancel_download, methods=["DELETE"]),
        Route("/events", get_events, methods=["GET"]),
    ]
