"""Request size caps (413), upload type limits, and hostile bodies that must not become 500s."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from tonearm.app import UPLOAD_PREFIXES
from tonearm.config import Settings


def _multipart_operations(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "multipart/form-data" in content:
                found.append((method.upper(), path))
    return found


async def _chunks(total: int, size: int = 65536) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


class TestBodyLimits:
    async def test_a_json_body_over_the_cap_is_413(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        body = b'{"path_template": "' + b"a" * settings.max_json_bytes + b'"}'
        response = await client.patch(
            "/api/v1/settings", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"

    async def test_a_streamed_body_without_length_is_capped_too(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        response = await client.patch(
            "/api/v1/settings",
            content=_chunks(settings.max_json_bytes + 1),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 413

    @pytest.mark.parametrize("prefix", UPLOAD_PREFIXES)
    async def test_an_upload_over_the_upload_cap_is_413(
        self, client: httpx.AsyncClient, settings: Settings, prefix: str
    ) -> None:
        files = {"file": ("big.csv", b"a,b\n" * (settings.max_upload_bytes // 4 + 1), "text/csv")}
        response = await client.post(prefix, files=files)
        assert response.status_code == 413

    async def test_uploads_get_their_own_cap_not_the_json_one(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        """A file between the JSON cap and the upload cap is not refused for its size."""
        size = settings.max_json_bytes + 1024
        assert size < settings.max_upload_bytes
        files = {"file": ("list.txt", b"A - B\n" * (size // 6), "text/plain")}
        response = await client.post(UPLOAD_PREFIXES[0], files=files)
        assert response.status_code != 413


class TestHostileBodies:
    async def test_deeply_nested_json_is_not_a_server_error(
        self, client: httpx.AsyncClient
    ) -> None:
        depth = 100_000
        body = b'{"path_template": ' + b"[" * depth + b"]" * depth + b"}"
        response = await client.patch(
            "/api/v1/settings", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code < 500, response.text[:200]

    @pytest.mark.parametrize(
        "body",
        [b"\xff\xfe\x00", b"{", b"null", b"[]", b'"x"', b"1e999999", b'{"a": NaN}'],
    )
    async def test_malformed_json_is_a_validation_error(
        self, client: httpx.AsyncClient, body: bytes
    ) -> None:
        response = await client.patch(
            "/api/v1/settings", content=body, headers={"Content-Type": "application/json"}
        )
        assert 400 <= response.status_code < 500, (body, response.status_code)
        assert response.json()["ok"] is False


class TestUploadTypes:
    async def test_binary_and_unexpected_files_are_refused_cleanly(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        operations = _multipart_operations(app)
        if not operations:
            pytest.skip("no multipart operation in this build's OpenAPI yet")
        hostile = [
            ("evil.exe", b"MZ\x90\x00" + bytes(range(256)) * 8, "application/octet-stream"),
            ("../../etc/passwd.csv", b"a,b\n1,2\n", "text/csv"),
            ("zip.csv", b"PK\x03\x04" + b"\x00" * 512, "application/zip"),
            ("bad.json", b"{" * 10_000, "application/json"),
            ("x.m3u", b"#EXTM3U\n" + b"\x00" * 100, "audio/x-mpegurl"),
        ]
        for method, path in operations:
            for name, data, mime in hostile:
                response = await client.request(method, path, files={"file": (name, data, mime)})
                assert response.status_code < 500, (path, name, response.text[:200])
