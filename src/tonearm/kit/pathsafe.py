"""Library paths from a template, safe on Windows, macOS and Linux.

Every field value is untrusted text (it may come from a remote peer or a metadata
provider). The template is split into path components *before* fields are substituted,
so no value can add a component; each component is then sanitised, and the result is
checked to resolve inside the library root.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePosixPath

__all__ = [
    "DEFAULT_TEMPLATE",
    "MAX_COMPONENT_BYTES",
    "MAX_RELATIVE_PATH_BYTES",
    "TEMPLATE_FIELDS",
    "PathEscapeError",
    "PathSafetyError",
    "TemplateError",
    "TemplateSyntaxError",
    "UnknownTemplateFieldError",
    "preview_library_path",
    "render_library_path",
    "sanitize_component",
    "validate_template",
]

DEFAULT_TEMPLATE = "{album_artist}/{album} ({year})/{disc_track} - {title}.{ext}"
MAX_COMPONENT_BYTES = 180
MAX_RELATIVE_PATH_BYTES = 720

#: Fields a template may use; ``disc_track`` is "NN", or "D-NN" on multi-disc releases.
TEMPLATE_FIELDS: frozenset[str] = frozenset(
    {
        "album_artist",
        "artist",
        "album",
        "title",
        "year",
        "track",
        "disc",
        "disc_total",
        "disc_track",
        "ext",
        "genre",
        "isrc",
    }
)
_NUMERIC_FIELDS = frozenset({"year", "track", "disc", "disc_total"})
_FALLBACKS: dict[str, str] = {
    "album_artist": "Unknown Artist",
    "artist": "Unknown Artist",
    "album": "Unknown Album",
    "title": "Unknown Title",
    "ext": "bin",
}
_SAMPLE_FIELDS: dict[str, object] = {
    "album_artist": "Radiohead",
    "artist": "Radiohead",
    "album": "OK Computer",
    "title": "Karma Police",
    "year": 1997,
    "track": 6,
    "disc": 1,
    "disc_total": 1,
    "ext": "flac",
    "genre": "Alternative Rock",
    "isrc": "GBAYE9700105",
}
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{prefix}{n}" for prefix in ("com", "lpt") for n in [*"123456789", "¹", "²", "³"]}
)
_ILLEGAL = str.maketrans({char: "_" for char in '<>:"|?*'} | {"/": "-", "\\": "-"})
_WHITESPACE = re.compile(r"\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")
_DANGLING_SEPARATOR = re.compile(r"^[\s\-_.,]+|[\s\-_,]+$")
_DRIVE = re.compile(r"^[A-Za-z]:")
_FORMATTER = string.Formatter()


class PathSafetyError(Exception):
    """A library path could not be built safely."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class TemplateError(PathSafetyError):
    """The library path template is not valid."""


class TemplateSyntaxError(TemplateError):
    """The library path template has a syntax error."""


class UnknownTemplateFieldError(TemplateError):
    """The library path template uses a field that does not exist."""


class PathEscapeError(PathSafetyError):
    """The rendered path would not be inside the library root."""


def validate_template(template: str) -> None:
    """Raise a :class:`TemplateError` subclass unless ``template`` can render paths."""
    _segments(template)


def render_library_path(template: str, fields: Mapping[str, object], root: Path) -> Path:
    """Render ``template`` with ``fields`` into a sanitised path inside ``root``.

    Raises :class:`TemplateError` for a bad template and :class:`PathEscapeError` if the
    result would not resolve inside ``root`` (for instance through a symlink).
    """
    relative = _render_relative(template, fields)
    root_resolved = root.resolve()
    candidate = (root / relative).resolve()
    if candidate == root_resolved or not candidate.is_relative_to(root_resolved):
        raise PathEscapeError(f"{relative} does not stay inside the library root")
    return root.joinpath(*relative.parts)


def preview_library_path(template: str, ext: str = "flac") -> str:
    """Render ``template`` for a fixed sample track whose file is an ``ext`` (for a live
    preview in the UI)."""
    return _render_relative(template, {**_SAMPLE_FIELDS, "ext": ext}).as_posix()


def sanitize_component(text: str, max_bytes: int = MAX_COMPONENT_BYTES) -> str:
    """Make ``text`` one valid path component on every common OS (never empty)."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if unicodedata.category(char)[0] != "C")
    text = _WHITESPACE.sub(" ", text.translate(_ILLEGAL)).strip()
    text = _truncate_keeping_suffix(text, max_bytes).rstrip(". ")
    if not text.strip("."):
        return "_"
    stem, dot, suffix = text.partition(".")
    if stem.rstrip(" ").lower() in _WINDOWS_RESERVED:
        text = f"{stem.rstrip(' ')}_{dot}{suffix}"
    return text


def _render_relative(template: str, fields: Mapping[str, object]) -> PurePosixPath:
    values = _field_values(fields)
    segments = _segments(template)
    components = [_render_segment(segment, values) for segment in segments]
    final = sanitize_component(components[-1])
    directories = [sanitize_component(component) for component in components[:-1]]
    directories = _fit_directories(directories, len(final.encode()))
    return PurePosixPath(*directories, final)


@lru_cache(maxsize=64)
def _segments(template: str) -> tuple[tuple[tuple[str, str | None, str], ...], ...]:
    """Parse the template into components of (literal, field, format spec) pieces."""
    if not isinstance(template, str) or not template.strip():
        raise TemplateSyntaxError("the template is empty")
    if template.startswith(("/", "\\")) or _DRIVE.match(template):
        raise TemplateSyntaxError("the template must be relative to the library root")
    raw_segments = re.split(r"[\\/]", template)
    if any(not segment.strip() or segment.strip() in {".", ".."} for segment in raw_segments):
        raise TemplateSyntaxError("the template has an empty, '.' or '..' path component")
    parsed = tuple(_parse_segment(segment) for segment in raw_segments)
    if not any(field == "ext" for _, field, _ in parsed[-1]):
        raise TemplateSyntaxError("the file name part of the template must contain {ext}")
    for segment in parsed:
        for _, field, spec in segment:
            if field is not None:
                _check_spec(field, spec)
    return parsed


def _parse_segment(segment: str) -> tuple[tuple[str, str | None, str], ...]:
    try:
        pieces = list(_FORMATTER.parse(segment))
    except ValueError as error:
        raise TemplateSyntaxError(f"template syntax error: {error}") from error
    result: list[tuple[str, str | None, str]] = []
    for literal, field, spec, conversion in pieces:
        if field is not None:
            if field not in TEMPLATE_FIELDS:
                known = ", ".join(sorted(TEMPLATE_FIELDS))
                raise UnknownTemplateFieldError(f"unknown field {{{field}}}; known: {known}")
            if conversion is not None or "{" in (spec or ""):
                raise TemplateSyntaxError(f"conversions and nested fields are not allowed: {field}")
        result.append((literal, field, spec or ""))
    return tuple(result)


def _check_spec(field: str, spec: str) -> None:
    if not spec:
        return
    try:
        _format_value(_SAMPLE_FIELDS.get(field, "01"), spec, strict=True)
    except (ValueError, TypeError) as error:
        raise TemplateSyntaxError(f"bad format spec {{{field}:{spec}}}: {error}") from error


def _format_value(value: object, spec: str, strict: bool = False) -> str:
    try:
        return format(value, spec)
    except (ValueError, TypeError):
        if strict and not isinstance(value, str):
            raise
        return str(value)


def _field_values(fields: Mapping[str, object]) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in TEMPLATE_FIELDS:
        value = fields.get(name)
        if name in _NUMERIC_FIELDS:
            values[name] = _as_int(value)
        elif value is not None and str(value).strip():
            values[name] = str(value)
    if "album_artist" not in values and "artist" in values:
        values["album_artist"] = values["artist"]
    for name, fallback in _FALLBACKS.items():
        values.setdefault(name, fallback)
    values["ext"] = _clean_extension(str(values["ext"]))
    values["disc_track"] = _disc_track(values)
    return values


def _as_int(value: object) -> int | str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return value if 0 <= value < 100_000 else ""
    text = str(value or "").strip()
    head = text.split("/")[0].strip()  # "6/12" style track numbers
    # isdecimal, not isdigit: superscripts such as "²" are digits int() refuses
    return int(head) if head.isdecimal() and len(head) <= 5 else ""


def _clean_extension(ext: str) -> str:
    cleaned = "".join(char for char in ext.lower() if char.isascii() and char.isalnum())
    return cleaned[:10] or "bin"


def _disc_track(values: Mapping[str, object]) -> str:
    track, disc, total = values.get("track"), values.get("disc"), values.get("disc_total")
    number = f"{track:02d}" if isinstance(track, int) else "00"
    multi_disc = (isinstance(total, int) and total > 1) or (isinstance(disc, int) and disc > 1)
    return f"{disc}-{number}" if multi_disc and isinstance(disc, int) else number


def _render_segment(
    segment: tuple[tuple[str, str | None, str], ...], values: Mapping[str, object]
) -> str:
    parts: list[str] = []
    for literal, field, spec in segment:
        parts.append(literal)
        if field is not None:
            value = values.get(field, "")
            rendered = _format_value(value, spec) if spec and value != "" else str(value)
            parts.append(rendered.translate(_ILLEGAL))
    text = _EMPTY_BRACKETS.sub("", "".join(parts))
    return _DANGLING_SEPARATOR.sub("", _WHITESPACE.sub(" ", text))


def _truncate_keeping_suffix(text: str, max_bytes: int) -> str:
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    stem, dot, suffix = text.rpartition(".")
    if not dot or len(suffix.encode()) > 16 or not stem:
        return _truncate_bytes(text, max_bytes)
    budget = max_bytes - len(suffix.encode()) - 1
    return f"{_truncate_bytes(stem, budget).rstrip('. ')}.{suffix}"


def _truncate_bytes(text: str, max_bytes: int) -> str:
    return text.encode()[:max_bytes].decode(errors="ignore")


def _fit_directories(directories: list[str], final_bytes: int) -> list[str]:
    """Shorten directory names evenly so the whole relative path stays bounded."""
    total = final_bytes + sum(len(name.encode()) + 1 for name in directories)
    if total <= MAX_RELATIVE_PATH_BYTES or not directories:
        return directories
    share = max(8, (MAX_RELATIVE_PATH_BYTES - final_bytes) // len(directories) - 1)
    return [sanitize_component(_truncate_bytes(name, share)) for name in directories]
