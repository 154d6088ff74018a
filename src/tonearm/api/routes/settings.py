"""Settings: read (secrets masked) and change at run time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body
from pydantic import BaseModel

from tonearm.api.deps import DbSession, ServicesDep
from tonearm.domain.settings import SettingView, describe_settings, update_settings

router = APIRouter(prefix="/api/v1/settings", tags=["settings"])


class SettingsOut(BaseModel):
    """Every setting by name: value (never for secrets), whether set, and its source."""

    settings: dict[str, SettingView]


class SettingsPatched(SettingsOut):
    """The settings after a change, and which keys changed."""

    changed: list[str]


@router.get("", response_model=SettingsOut)
async def get_settings(services: ServicesDep, session: DbSession) -> SettingsOut:
    """Effective settings with their source (`api`, `env` or `default`)."""
    views = await describe_settings(session, services.settings, services.box)
    return SettingsOut(settings={view.key: view for view in views})


@router.patch("", response_model=SettingsPatched)
async def patch_settings(
    services: ServicesDep,
    session: DbSession,
    patch: dict[str, Any] = Body(..., examples=[{"slskd_url": "http://127.0.0.1:5030"}]),
) -> SettingsPatched:
    """Change runtime settings; ``null`` clears a value. Takes effect on the next request."""
    changed = await update_settings(session, services.settings, services.box, patch)
    for hook in services.extras.get("settings_hooks", []):
        await hook(session, changed)
    views = await describe_settings(session, services.settings, services.box)
    return SettingsPatched(settings={view.key: view for view in views}, changed=changed)
