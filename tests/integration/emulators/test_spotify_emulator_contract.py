"""Every route of the Spotify emulator answers in the shapes of the published contract.

Bodies are validated against the response schema of the matching operation in
`<repo>/../shared/contracts/spotify-web-api.openapi.yml` ($refs resolved, OpenAPI 3.0 rules).
A route without a case here fails `test_every_route_has_a_case`.
"""

from __future__ import annotations

import re
import struct
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from starlette.applications import Starlette
from starlette.routing import Route

from tests.integration.integrations.spotify.factories import (
    BIG_ALBUM_ID,
    BIG_PLAYLIST_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    GAPPY_PLAYLIST_ID,
    OTHER_PUBLIC_ID,
    authorize_user,
    create_spotify_data,
    create_spotify_id,
    write_data,
)
from tonearm.emulators.spotify import create_spotify_emulator
from tonearm.emulators.spotify.api import REMOVED_PATHS
from tonearm.integrations.spotify import oauth

CONTRACT = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "contracts"
    / "spotify-web-api.openapi.yml"
)
BASE = "http://spotify.test"
RADIOHEAD = create_spotify_id("artist:Radiohead")
OK_COMPUTER = create_spotify_id("album:OK Computer")
KARMA_POLICE = create_spotify_id("track:OK Computer:Karma Police")
ANY_ID = create_spotify_id("anything")

Token = Literal["user", "app", "none"]
Check = Literal["contract", "error", "token", "redirect", "jpeg"]


@dataclass(frozen=True)
class Case:
    """One request to one emulator route and how its answer is checked."""

    route: str
    request: str
    operation: str | None = None  # contract path of the matching GET operation
    status: int = 200
    token: Token = "user"
    check: Check = "contract"

    @property
    def id(self) -> str:
        return f"{self.status} {self.request}"


def _removed_case(route: str) -> Case:
    request = route.replace("{id}", ANY_ID)
    operation = re.sub(r"^/v1", "", route)
    return Case(route, request, operation, status=404, check="error")


CASES = [
    Case("/authorize", "/authorize", check="redirect", token="none"),
    Case("/api/token", "/api/token", check="token", token="none"),
    Case("/v1/me", "/v1/me", "/me"),
    Case("/v1/me", "/v1/me", "/me", status=401, token="none"),
    Case("/v1/me/playlists", "/v1/me/playlists?limit=2", "/me/playlists"),
    Case("/v1/me/tracks", "/v1/me/tracks?limit=3&offset=2", "/me/tracks"),
    Case("/v1/me/following", "/v1/me/following?type=artist&limit=2", "/me/following"),
    Case("/v1/playlists/{id}", f"/v1/playlists/{BIG_PLAYLIST_ID}", "/playlists/{playlist_id}"),
    Case(
        "/v1/playlists/{id}",
        f"/v1/playlists/{OTHER_PUBLIC_ID}",
        "/playlists/{playlist_id}",
        token="app",
    ),
    Case(
        "/v1/playlists/{id}/items",
        f"/v1/playlists/{GAPPY_PLAYLIST_ID}/items?limit=50",
        "/playlists/{playlist_id}/items",
    ),
    Case(
        "/v1/playlists/{id}/items",
        f"/v1/playlists/{BIG_PLAYLIST_ID}/items?offset=50&limit=50",
        "/playlists/{playlist_id}/items",
    ),
    Case(
        "/v1/playlists/{id}/items",
        f"/v1/playlists/{OTHER_PUBLIC_ID}/items",
        "/playlists/{playlist_id}/items",
        status=403,
    ),
    Case("/v1/artists/{id}", f"/v1/artists/{RADIOHEAD}", "/artists/{id}", token="app"),
    Case(
        "/v1/artists/{id}/albums",
        f"/v1/artists/{RADIOHEAD}/albums?include_groups=album,single&limit=10",
        "/artists/{id}/albums",
    ),
    Case("/v1/albums/{id}", f"/v1/albums/{OK_COMPUTER}", "/albums/{id}"),
    Case("/v1/albums/{id}", f"/v1/albums/{BIG_ALBUM_ID}", "/albums/{id}", token="app"),
    Case(
        "/v1/albums/{id}/tracks",
        f"/v1/albums/{BIG_ALBUM_ID}/tracks?limit=50",
        "/albums/{id}/tracks",
    ),
    Case("/v1/tracks/{id}", f"/v1/tracks/{KARMA_POLICE}", "/tracks/{id}"),
    Case(
        "/v1/search",
        "/v1/search?q=radiohead&type=track,album,artist&limit=10",
        "/search",
        token="app",
    ),
    Case("/v1/search", "/v1/search?q=nothing-matches-this&type=track", "/search"),
    Case("/images/{album_id}.jpg", f"/images/{OK_COMPUTER}.jpg", check="jpeg", token="none"),
    *[_removed_case(route) for route in REMOVED_PATHS],
]


@pytest.fixture(scope="module")
def contract() -> dict[str, Any]:
    if not CONTRACT.is_file():
        pytest.skip(f"the Spotify contract is absent: {CONTRACT.resolve()}")
    with CONTRACT.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.load(handle, Loader=yaml.CSafeLoader)
    spec = _without_discriminators(spec)
    # The contract itself notes that "a track object may be `null`" (a track no longer
    # available) but does not mark `item` nullable; Spotify sends null there, so do we.
    properties = spec["components"]["schemas"]["PlaylistTrackObject"]["properties"]
    properties["item"] = {"anyOf": [properties["item"], {"enum": [None]}]}
    return spec


def _without_discriminators(node: Any) -> Any:
    """Drop `discriminator`: the contract names no mapping, and its values ("track",
    "episode") are not schema names. The `oneOf` it sits on still decides."""
    if isinstance(node, dict):
        return {k: _without_discriminators(v) for k, v in node.items() if k != "discriminator"}
    if isinstance(node, list):
        return [_without_discriminators(v) for v in node]
    return node


def _operation(spec: dict[str, Any], path: str) -> dict[str, Any]:
    """The GET operation of a contract path, matching templates whatever their names."""
    shape = re.sub(r"\{[^}]+\}", "{}", path)
    for candidate, item in spec["paths"].items():
        if re.sub(r"\{[^}]+\}", "{}", candidate) == shape:
            operation: dict[str, Any] = item["get"]
            return operation
    raise AssertionError(f"the contract has no operation for {path}")


@pytest.fixture
def emulator(tmp_path: Path) -> Starlette:
    return create_spotify_emulator(write_data(tmp_path / "spotify.json", create_spotify_data()))


@pytest.fixture
async def http(emulator: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=emulator)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> OAS30Validator:
    root = {"allOf": [schema], "components": spec["components"]}
    return OAS30Validator(root, format_checker=OAS30Validator.FORMAT_CHECKER)


def _response_schema(spec: dict[str, Any], operation: str, status: int) -> dict[str, Any]:
    responses = _operation(spec, operation)["responses"]
    assert str(status) in responses, f"{operation} documents no {status} response"
    response = _resolve(spec, responses[str(status)])
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return schema


def _assert_valid(spec: dict[str, Any], schema: dict[str, Any], body: Any) -> None:
    errors = sorted(_validator(spec, schema).iter_errors(body), key=lambda e: list(e.path))
    messages = [f"{'/'.join(map(str, e.path))}: {e.message[:300]}" for e in errors[:10]]
    assert not errors, "\n".join(messages)


async def _headers(http: httpx.AsyncClient, token: Token) -> dict[str, str]:
    if token == "none":
        return {}
    if token == "app":
        tokens = await oauth.client_credentials(http, BASE, CLIENT_ID, CLIENT_SECRET)
    else:
        tokens = await authorize_user(http, BASE)
    return {"Authorization": f"Bearer {tokens.access_token}"}


def test_every_route_has_a_case(emulator: Starlette) -> None:
    served = {r.path for r in emulator.routes if isinstance(r, Route)}
    covered = {case.route for case in CASES}
    assert served - covered == set(), "routes without a validation case"
    assert covered - served == set(), "cases for routes the emulator does not serve"


def test_removed_routes_are_deprecated_in_the_contract(contract: dict[str, Any]) -> None:
    for case in CASES:
        if case.check == "error":
            assert case.operation is not None
            assert _operation(contract, case.operation).get("deprecated") is True, case.route


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
async def test_route_answers_in_contract_shape(
    case: Case, contract: dict[str, Any], http: httpx.AsyncClient
) -> None:
    if case.check == "redirect":
        await _check_authorize(http)
        return
    if case.check == "token":
        await _check_token_endpoint(http)
        return
    response = await http.get(case.request, headers=await _headers(http, case.token))
    assert response.status_code == case.status, response.text
    if case.check == "jpeg":
        _check_jpeg(response.content, 640)
        return
    if case.check == "error":
        schema = {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {"$ref": "#/components/schemas/ErrorObject"}},
        }
        _assert_valid(contract, schema, response.json())
        return
    assert case.operation is not None
    _assert_valid(
        contract, _response_schema(contract, case.operation, case.status), response.json()
    )


async def _check_authorize(http: httpx.AsyncClient) -> None:
    tokens = await authorize_user(http, BASE)  # asserts the 302 and the returned state
    assert tokens.access_token


TOKEN_SCHEMA = {
    "type": "object",
    "required": ["access_token", "token_type", "expires_in"],
    "properties": {
        "access_token": {"type": "string", "minLength": 20},
        "token_type": {"type": "string", "enum": ["Bearer"]},
        "expires_in": {"type": "integer", "minimum": 1},
        "refresh_token": {"type": "string"},
        "scope": {"type": "string"},
    },
}


async def _check_token_endpoint(http: httpx.AsyncClient) -> None:
    auth = httpx.BasicAuth(CLIENT_ID, CLIENT_SECRET)
    ok = await http.post("/api/token", data={"grant_type": "client_credentials"}, auth=auth)
    assert ok.status_code == 200
    errors = list(OAS30Validator(TOKEN_SCHEMA).iter_errors(ok.json()))
    assert not errors
    bad = await http.post(
        "/api/token",
        data={"grant_type": "refresh_token", "refresh_token": "x", "client_id": CLIENT_ID},
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"error", "error_description"}
    assert bad.json()["error"] == "invalid_grant"


def _check_jpeg(body: bytes, size: int) -> None:
    assert body.startswith(b"\xff\xd8")
    assert body.endswith(b"\xff\xd9")
    at = 2
    while at < len(body):
        marker, length = body[at + 1], struct.unpack(">H", body[at + 2 : at + 4])[0]
        if marker == 0xC0:
            height, width = struct.unpack(">HH", body[at + 5 : at + 9])
            assert (width, height) == (size, size)
            return
        at += 2 + length
    pytest.fail("no SOF0 segment")
