"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from tonearm.api.deps import EffectiveSettings, ServicesDep
from tonearm.kit.files import probe_writable

router = APIRouter(prefix="/api/health", tags=["health"])


@router.get("/live")
async def live() -> dict[str, str]:
    """The process is up (no I/O)."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "a check failed"}})
async def ready(services: ServicesDep, settings: EffectiveSettings) -> JSONResponse:
    """Database reachable, folders writable, configured integrations healthy."""
    checks: dict[str, dict[str, Any]] = {"db": await _check_db(services)}
    for name, folder in (
        ("downloads_dir", settings.resolved_downloads_dir),
        ("library_dir", settings.resolved_library_dir),
    ):
        problem = probe_writable(folder)
        checks[name] = {"status": "fail", "detail": problem} if problem else {"status": "ok"}
    probes = services.extras.get("readiness_probes", {})
    for name in ("slskd", "spotify"):
        probe = probes.get(name)
        checks[name] = await probe(settings) if probe else {"status": "skipped"}
    failed = any(check["status"] == "fail" for check in checks.values())
    body = {"status": "fail" if failed else "ok", "checks": checks}
    return JSONResponse(body, status_code=503 if failed else 200)


async def _check_db(services: ServicesDep) -> dict[str, Any]:
    try:
        async with services.db.read_engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not ready", never a crash
        return {"status": "fail", "detail": type(exc).__name__}
    return {"status": "ok"}
