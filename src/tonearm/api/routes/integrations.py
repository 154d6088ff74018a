"""``GET /api/v1/integrations``: every provider's status and circuit."""

from __future__ import annotations

from fastapi import APIRouter, Response

from tonearm.api.deps import ServicesDep
from tonearm.api.routes.spotify import FreshSettings, provider_clients
from tonearm.domain.providers import IntegrationReport, integrations_report

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/integrations", tags=["integrations"])


@router.get("", response_model=IntegrationReport)
async def list_integrations(
    services: ServicesDep, settings: FreshSettings, response: Response
) -> IntegrationReport:
    """Probe each configured provider; unconfigured ones are ``skipped`` (never cached)."""
    response.headers["Cache-Control"] = "no-store"
    return await integrations_report(provider_clients(services), settings)
