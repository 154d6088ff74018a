"""Secrets never reach a log line or an API response, and are encrypted at rest.

A full request mix (every operation of the OpenAPI with generated input, plus the settings
flows) runs with test secrets set; every line the process logs is captured through
``configure_logging(stream=...)`` and every response body is kept, then both are searched.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.conftest import create_settings
from tests.fuzz.harness import InProcessApi, fuzz_app, loopback_only
from tonearm.app import create_app
from tonearm.observability import configure_logging

SECRETS = {
    "api_key": "sec-api-key-7f3a9c1e5b",
    "spotify_client_secret": "sec-spotify-secret-2d8e4f",
    "slskd_api_key": "sec-slskd-key-9b1c7a",
    "media_server_token": "sec-media-token-4e6f2a",
}
# Set through the API at run time (not known when the app was built).
RUNTIME_SECRETS = {
    "spotify_client_secret": "sec-runtime-spotify-5c3b1d",
    "slskd_api_key": "sec-runtime-slskd-8a2e6f",
    "media_server_token": "sec-runtime-media-1f9d3c",
}
ALL_VALUES = [*SECRETS.values(), *RUNTIME_SECRETS.values()]


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Everything the process logs, as rendered, at debug level."""
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream=stream)
    try:
        yield stream
    finally:
        configure_logging("INFO", "json")


def _leaks(text_blob: str) -> list[str]:
    return [value for value in ALL_VALUES if value in text_blob]


def _mix(api: InProcessApi) -> list[httpx.Response]:
    """The explicit part of the mix: settings flows, errors, docs, metrics."""
    patch = {
        **RUNTIME_SECRETS,
        "slskd_url": "http://127.0.0.1:9",
        "media_server_kind": "jellyfin",
        "media_server_url": "http://127.0.0.1:9",
    }
    calls: list[tuple[str, str, dict[str, object]]] = [
        ("GET", "/api/v1/settings", {}),
        ("PATCH", "/api/v1/settings", {"json": patch}),
        ("GET", "/api/v1/settings", {}),
        ("PATCH", "/api/v1/settings", {"json": {"slskd_api_key": 12}}),
        ("PATCH", "/api/v1/settings", {"json": {"api_key": "x"}}),
        ("GET", "/api/health/ready", {}),
        ("GET", "/api/v1/integrations", {}),
        ("GET", "/api/v1/activity", {}),
        ("GET", "/metrics", {}),
        ("GET", "/openapi.json", {}),
        ("GET", "/api/v1/spotify/status", {}),
        ("POST", "/api/v1/spotify/oauth/start", {}),
        ("GET", "/api/v1/settings", {"headers": {"X-API-Key": "not-the-key"}}),
    ]
    assert api.client is not None
    client = api.client
    return [api.run(client.request(method, url, **kw)) for method, url, kw in calls]  # type: ignore[arg-type]  # type: ignore[arg-type]


def _database_dump(url: str) -> str:
    sync_url = make_url(url)
    sync_url = sync_url.set(
        drivername=sync_url.drivername.split("+")[0]
        + ("+psycopg" if sync_url.drivername.startswith("postgresql") else "")
    )
    engine = create_engine(sync_url)
    try:
        with engine.connect() as conn:
            parts = []
            for table in inspect(conn).get_table_names():
                rows = conn.execute(text(f'SELECT * FROM "{table}"')).fetchall()  # noqa: S608
                parts.append(f"{table}: {rows!r}")
            return "\n".join(parts)
    finally:
        engine.dispose()


class TestSecrets:
    def test_a_full_run_leaks_no_secret(
        self,
        tmp_path: Path,
        db_url: str,
        log_stream: io.StringIO,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.chdir(tmp_path)
        settings = create_settings(tmp_path, db_url, feature_admin_api=True, **SECRETS)
        app = create_app(settings)
        bodies: list[str] = []
        with loopback_only(), InProcessApi(app, SECRETS["api_key"]) as api:
            api.on_response = lambda response: bodies.append(
                f"{response.headers!r}\n{response.text}"
            )
            report = fuzz_app(api, max_examples=2, sandbox=tmp_path)
            responses = _mix(api)
        bodies.extend(f"{r.headers!r}\n{r.text}" for r in responses)
        logs = log_stream.getvalue()
        assert report.cases > 0
        assert responses[1].status_code == 200, responses[1].text
        assert '"api.request"' in logs  # the capture really saw the run
        assert _leaks(logs) == []
        assert _leaks("\n".join(bodies)) == []
        assert SECRETS["api_key"] not in "\n".join(bodies)

    def test_the_checks_would_see_a_leak(self, log_stream: io.StringIO) -> None:
        """The capture catches a plain write of a secret (the grep can fail)."""
        import logging

        logging.getLogger("tonearm.test").warning("value %s", "unregistered-" + "sec-x")
        assert "unregistered-sec-x" in log_stream.getvalue()

    def test_secrets_stored_through_the_api_are_encrypted_at_rest(
        self, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        app = create_app(create_settings(tmp_path, db_url, api_key=SECRETS["api_key"]))
        with InProcessApi(app, SECRETS["api_key"]) as api:
            assert api.client is not None
            response = api.run(api.client.patch("/api/v1/settings", json=RUNTIME_SECRETS))
            assert response.status_code == 200, response.text
            assert api.run(api.client.patch("/api/v1/settings", json={"slskd_url": "x"}))
        dump = _database_dump(db_url)
        assert "slskd_api_key" in dump  # the rows are there...
        assert _leaks(dump) == []  # ...but not their values
        for path in tmp_path.rglob("*.db*"):
            assert _leaks(path.read_bytes().decode("latin-1")) == [], path
