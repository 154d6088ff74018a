"""Search routes: serialised creation, lazy progress, responses only after completion."""

from __future__ import annotations

import json
import uuid
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .searches import SearchOptions, SearchRecord
from .state import EmulatorState
from .wire import error_text, json_response

__all__ = ["search_routes"]

_OPTION_FIELDS = {
    "responseLimit": "response_limit",
    "fileLimit": "file_limit",
    "filterResponses": "filter_responses",
    "minimumResponseFileCount": "minimum_response_file_count",
    "minimumPeerUploadSpeed": "minimum_peer_upload_speed",
    "maximumPeerQueueLength": "maximum_peer_queue_length",
}


def _state(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.slskd
    state.advance()
    return state


def _options(body: dict[str, Any]) -> SearchOptions:
    values = {attr: body[key] for key, attr in _OPTION_FIELDS.items() if body.get(key) is not None}
    return SearchOptions(**values)


async def create_search(request: Request) -> Response:
    """POST /searches: one creation at a time, like slskd's operation lock."""
    state = _state(request)
    if state.creating_search:
        return error_text(429, "Only one concurrent operation is permitted")
    state.creating_search = True
    try:
        await anyio.sleep(state.operation_hold_s)  # the server round trip slskd waits for
        return await _create(request, state)
    finally:
        state.creating_search = False


async def _create(request: Request, state: EmulatorState) -> Response:
    try:
        body = json.loads(await request.body())
        options = _options(body)
        search_id = str(uuid.UUID(str(body.get("id") or uuid.uuid4())))
    except (ValueError, TypeError, AttributeError):
        return error_text(400, "Invalid search request")
    state.search_requests.append(body)
    text = str(body.get("searchText") or "").strip()
    if not text:
        return error_text(400, "Search text must not be empty")
    if not state.network.logged_in:
        return error_text(409, "The server connection must be connected and logged in")
    if search_id in state.searches.searches:
        return error_text(500, f"A search with ID {search_id} already exists")
    record = SearchRecord(search_id, text, options, created_at=state.timeline.now())
    state.searches.add(record)
    state.advance()
    return json_response(record.to_wire(state.timeline))


def _find(state: EmulatorState, request: Request) -> SearchRecord | None:
    return state.searches.searches.get(request.path_params["search_id"])


async def list_searches(request: Request) -> Response:
    """GET /searches: every search, no paging."""
    state = _state(request)
    return json_response([s.to_wire(state.timeline) for s in state.searches.searches.values()])


async def get_search(request: Request) -> Response:
    """GET /searches/{id} (`includeResponses=true` embeds the responses)."""
    state = _state(request)
    search = _find(state, request)
    if search is None:
        return error_text(404, "Search not found")
    wire = search.to_wire(state.timeline)
    if request.query_params.get("includeResponses", "").lower() == "true":
        wire["responses"] = search.responses
    return json_response(wire)


async def get_responses(request: Request) -> Response:
    """GET /searches/{id}/responses: `[]` until the search completes."""
    state = _state(request)
    search = _find(state, request)
    if search is None:
        return error_text(404, "Search not found")
    return json_response(search.responses if search.is_complete else [])


async def cancel_search(request: Request) -> Response:
    """PUT /searches/{id}: stop a running search."""
    state = _state(request)
    search = _find(state, request)
    if search is None:
        return error_text(404, "Search not found")
    if not search.is_complete:
        state.searches.finish(state.network, search, "Completed, Cancelled", state.timeline.now())
    return Response(status_code=204)


async def delete_search(request: Request) -> Response:
    """DELETE /searches/{id}: forget a search."""
    state = _state(request)
    if state.searches.searches.pop(request.path_params["search_id"], None) is None:
        return error_text(404, "Search not found")
    return Response(status_code=204)


def search_routes() -> list[Route]:
    """The search routes, relative to `/api/v0`."""
    return [
        Route("/searches", create_search, methods=["POST"]),
        Route("/searches", list_searches, methods=["GET"]),
        Route("/searches/{search_id}", get_search, methods=["GET"]),
        Route("/searches/{search_id}", cancel_search, methods=["PUT"]),
        Route("/searches/{search_id}", delete_search, methods=["DELETE"]),
        Route("/searches/{search_id}/responses", get_responses, methods=["GET"]),
    ]
