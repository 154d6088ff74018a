"""The OpenAPI document is deterministic and pinned by a snapshot.

Regenerate after an intended change with `make docs`.
"""

from __future__ import annotations

import json
from pathlib import Path

from tonearm.cli.reference import render_openapi

SNAPSHOT = Path(__file__).resolve().parents[2] / "snapshots" / "openapi.json"


class TestOpenApi:
    def test_default_app_matches_snapshot(self) -> None:
        assert render_openapi() == SNAPSHOT.read_text(), "run `make docs` to regenerate"

    def test_admin_flag_decides_whether_admin_routes_exist(self) -> None:
        with_admin = json.loads(render_openapi(feature_admin_api=True))["paths"]
        without = json.loads(render_openapi(feature_admin_api=False))["paths"]
        admin_paths = {p for p in with_admin if p.startswith("/api/v1/admin/artists")}
        assert admin_paths
        assert not {p for p in without if p.startswith("/api/v1/admin/artists")}
        assert render_openapi() == SNAPSHOT.read_text()

    def test_document_is_deterministic(self) -> None:
        assert render_openapi() == render_openapi()

    def test_security_schemes_are_declared(self) -> None:
        schema = json.loads(render_openapi())
        assert set(schema["components"]["securitySchemes"]) == {"ApiKeyHeader", "BearerAuth"}
        assert schema["paths"]["/api/health/live"]["get"]["security"] == []
