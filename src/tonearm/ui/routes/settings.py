"""Settings: credentials (write-only), quality profile, path template with a live preview,
folders and feature flags."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from tonearm.config import QUALITY_FORMAT_NAMES
from tonearm.domain.acquisition.quality import top_extension
from tonearm.domain.settings import describe_settings, update_settings
from tonearm.errors import TonearmError
from tonearm.kit.pathsafe import PathSafetyError, preview_library_path
from tonearm.ui.context import effective_settings, services_of, transaction
from tonearm.ui.messages import FriendlyError, friendly
from tonearm.ui.routes._common import notice_of, page_router, redirect
from tonearm.ui.routes.settings_form import build_fields, parse_list, patch_from_form
from tonearm.ui.templating import render

router = page_router()


def path_preview(template: str, library_dir: str, ext: str = "flac") -> dict[str, Any]:
    """Where the sample track (an ``ext`` file) would be filed with ``template`` (or why it
    cannot be)."""
    try:
        relative = preview_library_path(template, ext)
    except PathSafetyError as exc:
        return {"ok": False, "message": str(exc) or "This template cannot render a path."}
    return {"ok": True, "root": library_dir.rstrip("/"), "relative": relative}


async def _page(
    request: Request, error: FriendlyError | None = None, status: int = 200
) -> Response:
    services = services_of(request)
    async with transaction(request) as session:
        views = await describe_settings(session, services.settings, services.box)
        settings = await effective_settings(request, session)
    sections = build_fields(views)
    context = {
        "sections": sections,
        "preview": path_preview(
            settings.path_template,
            str(settings.resolved_library_dir),
            top_extension(settings.quality_formats or []),
        ),
        "known_formats": QUALITY_FORMAT_NAMES,
        "notice": notice_of(request),
        "error": error,
    }
    return render(request, "settings.html", context, status=status)


@router.get("/settings")
async def settings_page(request: Request) -> Response:
    """Every editable setting, grouped."""
    return await _page(request)


@router.post("/settings")
async def save_settings(request: Request) -> Response:
    """Store what the form changed (through the same service as ``PATCH /api/v1/settings``)."""
    services = services_of(request)
    form = await request.form()
    try:
        async with transaction(request, write=True) as session:
            views = await describe_settings(session, services.settings, services.box)
            patch = patch_from_form(form, views)
            if patch:
                changed = await update_settings(session, services.settings, services.box, patch)
                for hook in services.extras.get("settings_hooks", []):
                    await hook(session, changed)
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    return redirect("/settings", "settings_saved")


@router.get("/settings/preview")
async def preview(request: Request) -> Response:
    """The live preview of the path template being typed, for a file in the best of the
    formats being typed (the stored profile's when the form sends none)."""
    template = (request.query_params.get("path_template") or "")[:1000]
    typed = request.query_params.get("quality_formats")
    async with transaction(request) as session:
        settings = await effective_settings(request, session)
    formats = parse_list(typed[:1000]) if typed is not None else settings.quality_formats or []
    ext = top_extension(formats)
    result = path_preview(template, str(settings.resolved_library_dir), ext)
    return render(request, "partials/path_preview.html", {"preview": result})
