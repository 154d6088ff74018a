"""Free import: paste links or a track list, upload a file, follow the import job."""

from __future__ import annotations

from fastapi import Request, Response
from starlette.datastructures import UploadFile

from tonearm.domain import imports
from tonearm.domain.imports import ParseResult
from tonearm.errors import TonearmError, ValidationFailed
from tonearm.ui.context import services_of, transaction
from tonearm.ui.messages import FriendlyError, friendly
from tonearm.ui.routes._common import check_id, notice_of, page_router, redirect
from tonearm.ui.templating import is_htmx, render

router = page_router()
MAX_TEXT = 1_000_000


async def _form_page(
    request: Request, error: FriendlyError | None = None, status: int = 200, **values: str
) -> Response:
    context = {"error": error, "links": values.get("links", ""), "tracks": values.get("tracks", "")}
    return render(request, "import.html", context, status=status)


@router.get("/import")
async def import_page(request: Request) -> Response:
    """The import forms."""
    return await _form_page(request)


@router.post("/import")
async def create(request: Request) -> Response:
    """Accept pasted links (one per line) and ``Artist - Title`` lines."""
    form = await request.form()
    links = str(form.get("links") or "")[:MAX_TEXT]
    tracks = str(form.get("tracks") or "")[:MAX_TEXT]
    parsed = ParseResult()
    parsed.extend(imports.parse_links([line for line in links.splitlines() if line.strip()]))
    parsed.extend(imports.parse_text(tracks))
    try:
        if not parsed.entries and not parsed.skipped:
            raise ValidationFailed("give at least one link or track line")
        job_id = await _create(request, parsed, source="paste")
    except TonearmError as exc:
        return await _form_page(request, friendly(exc), exc.status, links=links, tracks=tracks)
    return redirect(f"/import/{job_id}", "import_queued")


@router.post("/imports/upload")
async def upload(request: Request) -> Response:
    """Import a CSV (Exportify too), TXT, JSON or M3U file."""
    settings = services_of(request).settings
    form = await request.form()
    file = form.get("file")
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ValidationFailed("choose a file to import")
        data = await file.read(settings.max_upload_bytes + 1)
        parsed = imports.parse_upload(file.filename, data)
        if not parsed.entries and not parsed.skipped:
            raise ValidationFailed("the file holds no tracks")
        job_id = await _create(request, parsed, source="upload", filename=file.filename)
    except TonearmError as exc:
        return await _form_page(request, friendly(exc), exc.status)
    return redirect(f"/import/{job_id}", "import_queued")


async def _create(
    request: Request, parsed: ParseResult, *, source: str, filename: str | None = None
) -> int:
    settings = services_of(request).settings
    async with transaction(request, write=True) as session:
        accepted = await imports.create_import(
            session,
            parsed,
            source=source,
            filename=filename,
            max_pending=settings.import_max_pending,
        )
    return accepted.job_id


@router.get("/import/{job_id:int}")
async def import_job(request: Request, job_id: int) -> Response:
    """An import's counts, skipped lines with reasons, and its tracks' progress."""
    try:
        async with transaction(request) as session:
            status = await imports.import_status(session, check_id(job_id))
    except TonearmError as exc:
        context = {"error": friendly(exc), "back": "/import"}
        return render(request, "error.html", context, status=exc.status)
    context = {"job": status, "notice": notice_of(request)}
    live = is_htmx(request) and request.query_params.get("part") == "live"
    return render(request, "import_job.html", context, block="live" if live else None)
