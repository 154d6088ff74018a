"""Health of each provider: readiness probes and the ``GET /api/v1/integrations`` report."""

from __future__ import annotations

from typing import Any, Literal

import httpx
from pydantic import BaseModel

from tonearm.config import Settings
from tonearm.domain.providers.clients import PROVIDERS, ProviderClients
from tonearm.domain.providers.errors import ProviderRateLimited
from tonearm.domain.spotify.status import credentials_configured
from tonearm.errors import TonearmError
from tonearm.integrations.slskd import SlskdError
from tonearm.integrations.spotify import SpotifyError

__all__ = [
    "IntegrationReport",
    "IntegrationStatus",
    "integrations_report",
    "is_configured",
    "probe",
    "probe_slskd",
    "probe_spotify",
]

Status = Literal["ok", "degraded", "down", "skipped"]
_PROBE_ERRORS = (SlskdError, SpotifyError, TonearmError, httpx.HTTPError)
_RANK = {"skipped": 0, "ok": 1, "degraded": 2, "down": 3}


class IntegrationStatus(BaseModel):
    """One provider in the integrations report."""

    name: str
    configured: bool
    status: Status
    circuit: Literal["closed", "open", "half_open"]
    last_error: str | None = None


class IntegrationReport(BaseModel):
    """Every provider, and the worst status among the configured ones."""

    items: list[IntegrationStatus]
    overall: Status


def is_configured(provider: str, settings: Settings) -> bool:
    """Whether ``provider`` is configured in ``settings``."""
    if provider == "slskd":
        return bool(settings.slskd_url) and settings.slskd_api_key is not None
    return credentials_configured(settings)


def _failed(exc: Exception) -> dict[str, Any]:
    if isinstance(exc, ProviderRateLimited):  # it answers, it asked us to wait: not an outage
        return {"status": "degraded", "detail": exc.message, "retry_after": exc.retry_after}
    return {"status": "fail", "detail": f"{type(exc).__name__}: {exc}"[:300]}


async def probe_slskd(clients: ProviderClients, settings: Settings) -> dict[str, Any]:
    """slskd answers ``GET /application`` (through the gateway); unconfigured: skipped."""
    if not is_configured("slskd", settings):
        return {"status": "skipped"}
    try:
        application = await clients.slskd(settings).get_application()
    except _PROBE_ERRORS as exc:
        return _failed(exc)
    return {"status": "ok", "version": application.version.current}


async def probe_spotify(clients: ProviderClients, settings: Settings) -> dict[str, Any]:
    """A client-credentials token can be had (cached while valid); unconfigured: skipped."""
    if not is_configured("spotify", settings):
        return {"status": "skipped"}
    try:
        await clients.app_token_provider(settings).get_token()
    except _PROBE_ERRORS as exc:
        return _failed(exc)
    return {"status": "ok"}


async def probe(clients: ProviderClients, provider: str, settings: Settings) -> dict[str, Any]:
    """The readiness probe of ``provider``."""
    if provider == "slskd":
        return await probe_slskd(clients, settings)
    return await probe_spotify(clients, settings)


async def _status_of(
    clients: ProviderClients, provider: str, settings: Settings
) -> IntegrationStatus:
    configured = is_configured(provider, settings)
    result = await probe(clients, provider, settings) if configured else {"status": "skipped"}
    snap = await clients.gateway.snapshot(provider)
    status: Status
    if not configured:
        status = "skipped"
    elif result["status"] == "fail" or snap.circuit == "open":
        status = "down"
    elif not snap.clean or snap.cooldown_left(clients.gateway.clock()) > 0:
        status = "degraded"
    else:
        status = "ok"
    last_error = result.get("detail") or (snap.last_error if status != "ok" else None)
    return IntegrationStatus(
        name=provider,
        configured=configured,
        status=status,
        circuit=snap.circuit,
        last_error=last_error,
    )


async def integrations_report(clients: ProviderClients, settings: Settings) -> IntegrationReport:
    """Probe every configured provider and combine with its shared circuit state."""
    items = [await _status_of(clients, name, settings) for name in PROVIDERS]
    configured = [item.status for item in items if item.configured]
    overall: Status = max(configured, key=_RANK.__getitem__) if configured else "ok"
    return IntegrationReport(items=items, overall=overall)
