"""Free imports: links, text lines and files become wanted tracks without OAuth.

Job handlers live in :mod:`tonearm.domain.imports.tasks` (loaded by ``load_tasks``).
"""

from tonearm.domain.imports.entries import Entry, ParseResult, Skipped, SkipReason
from tonearm.domain.imports.parsers import (
    MAX_LINKS,
    parse_csv,
    parse_json,
    parse_links,
    parse_m3u,
    parse_text,
    parse_upload,
)
from tonearm.domain.imports.service import (
    IMPORT_JOB,
    ImportAccepted,
    ImportStatus,
    create_import,
    expand_pending_links,
    import_status,
    process_import,
)
from tonearm.domain.imports.text import parse_duration, parse_track_line

__all__ = [
    "IMPORT_JOB",
    "MAX_LINKS",
    "Entry",
    "ImportAccepted",
    "ImportStatus",
    "ParseResult",
    "SkipReason",
    "Skipped",
    "create_import",
    "expand_pending_links",
    "import_status",
    "parse_csv",
    "parse_duration",
    "parse_json",
    "parse_links",
    "parse_m3u",
    "parse_text",
    "parse_track_line",
    "parse_upload",
    "process_import",
]
