"""Bad input gets the error envelope with a precise code, never a 500."""

from __future__ import annotations

import httpx


def assert_envelope(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    return body


class TestErrorEnvelope:
    async def test_malformed_json_is_422(self, client: httpx.AsyncClient) -> None:
        response = await client.patch(
            "/api/v1/settings",
            content=b'{"slskd_url": ',
            headers={"Content-Type": "application/json"},
        )
        body = assert_envelope(response, 422, "VALIDATION_ERROR")
        assert "malformed" in str(body["error"])

    async def test_wrong_type_is_422(self, client: httpx.AsyncClient) -> None:
        response = await client.patch("/api/v1/settings", json={"lyrics_enabled": {"a": 1}})
        assert_envelope(response, 422, "VALIDATION_ERROR")

    async def test_unknown_field_is_422_with_details(self, client: httpx.AsyncClient) -> None:
        response = await client.patch("/api/v1/settings", json={"no_such_setting": 1})
        body = assert_envelope(response, 422, "VALIDATION_ERROR")
        assert body["error"]["details"]["unknown"] == ["no_such_setting"]  # type: ignore[index]

    async def test_oversize_body_is_413(self, client: httpx.AsyncClient) -> None:
        big = b'{"slskd_url": "' + b"a" * 2_000_000 + b'"}'
        response = await client.patch(
            "/api/v1/settings", content=big, headers={"Content-Type": "application/json"}
        )
        assert_envelope(response, 413, "PAYLOAD_TOO_LARGE")

    async def test_oversize_streamed_body_without_length_is_413(
        self, client: httpx.AsyncClient
    ) -> None:
        async def chunks():  # type: ignore[no-untyped-def]
            for _ in range(40):
                yield b"a" * 65536

        response = await client.patch(
            "/api/v1/settings", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert_envelope(response, 413, "PAYLOAD_TOO_LARGE")

    async def test_unknown_route_is_404_envelope(self, client: httpx.AsyncClient) -> None:
        assert_envelope(await client.get("/api/v1/nothing-here"), 404, "NOT_FOUND")

    async def test_wrong_method_is_405_envelope(self, client: httpx.AsyncClient) -> None:
        assert_envelope(await client.delete("/api/v1/settings"), 405, "METHOD_NOT_ALLOWED")

    async def test_bad_query_is_422(self, client: httpx.AsyncClient) -> None:
        assert_envelope(await client.get("/api/v1/activity?limit=0"), 422, "VALIDATION_ERROR")
        assert_envelope(await client.get("/api/v1/activity?cursor=%%%"), 422, "VALIDATION_ERROR")
