"""Free import (no OAuth): links and text lines, file uploads, and progress."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from tonearm.api.deps import DbId, DbSession, ServicesDep
from tonearm.domain import imports
from tonearm.domain.imports import ImportAccepted, ImportStatus, ParseResult
from tonearm.errors import ValidationFailed

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])


class ImportIn(BaseModel):
    """Links/URIs (validated one by one; beyond 100 they are skipped) and/or text lines."""

    model_config = ConfigDict(extra="forbid")

    links: list[Any] = Field(default_factory=list, max_length=1000)
    tracks: str = Field("", max_length=1_000_000)


@router.post("", response_model=ImportAccepted, status_code=202)
async def create_import(
    session: DbSession, services: ServicesDep, body: ImportIn
) -> ImportAccepted:
    """Accept links and ``Artist - Title`` lines; each value is accepted or skipped with a
    reason (``invalid``, ``duplicate``, ``unsupported``, ``too_many``)."""
    parsed = ParseResult()
    parsed.extend(imports.parse_links(body.links))
    parsed.extend(imports.parse_text(body.tracks))
    if not parsed.entries and not parsed.skipped:
        raise ValidationFailed("give at least one link or track line")
    return await imports.create_import(
        session, parsed, source="paste", max_pending=services.settings.import_max_pending
    )


@router.post("/upload", response_model=ImportAccepted, status_code=202)
async def upload_import(
    session: DbSession, services: ServicesDep, file: Annotated[UploadFile, File()]
) -> ImportAccepted:
    """Import a CSV (Exportify columns too), TXT, JSON or M3U/M3U8 file (size-capped)."""
    data = await file.read(services.settings.max_upload_bytes + 1)
    await file.close()
    filename = file.filename or "upload.txt"
    parsed = imports.parse_upload(filename, data)
    if not parsed.entries and not parsed.skipped:
        raise ValidationFailed("the file holds no tracks")
    return await imports.create_import(
        session,
        parsed,
        source="upload",
        filename=filename,
        max_pending=services.settings.import_max_pending,
    )


@router.get("/{job_id}", response_model=ImportStatus)
async def get_import(session: DbSession, job_id: DbId) -> ImportStatus:
    """Counts (registered, normalized, queued, completed, failed) and skip reasons."""
    return await imports.import_status(session, job_id)
