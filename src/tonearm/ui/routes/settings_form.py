"""Turn the settings into form fields, and a submitted form back into a settings patch."""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from starlette.datastructures import FormData

from tonearm.config import Settings
from tonearm.domain.settings import SettingView

__all__ = ["LABELS", "SECTIONS", "FormField", "build_fields", "parse_list", "patch_from_form"]

# Where each editable setting is shown; editable settings not listed land in "Other".
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "credentials",
        "Credentials",
        (
            "spotify_client_id",
            "spotify_client_secret",
            "spotify_redirect_uri",
            "slskd_url",
            "slskd_api_key",
        ),
    ),
    ("quality", "Quality profile", ()),  # filled with every ``quality_*`` setting
    ("paths", "Library path", ("path_template",)),
    ("folders", "Folders", ("library_dir", "downloads_dir", "slskd_downloads_dir")),
    ("features", "Features", ()),  # filled with every editable on/off setting
    (
        "media_server",
        "Media server",
        ("media_server_kind", "media_server_url", "media_server_user", "media_server_token"),
    ),
)


# Labels that say more than the setting's name.
LABELS: dict[str, str] = {
    "quality_formats": "Formats, best first",
    "quality_min_bitrate": "Lowest bitrate (kbps)",
    "quality_max_size_mb": "Largest file (MiB)",
    "quality_preferred_users": "Preferred users",
    "quality_blocked_users": "Blocked users",
    "quality_upgrade_lossy": "Upgrade lossy files when a better one appears",
    "quality_upgrade_interval_s": "Upgrade search interval per track (seconds)",
    "quality_upgrade_max_per_tick": "Upgrade searches per round",
}
# Lists whose order matters: one item per line, first is best.
ORDERED = frozenset({"quality_formats"})


@dataclass(frozen=True)
class FormField:
    """One input of the settings form."""

    key: str
    label: str
    kind: Literal["text", "secret", "bool", "select", "list", "ordered", "number"]
    value: str
    is_set: bool
    source: str
    help: str
    options: tuple[str, ...] = ()
    optional: bool = True


def _annotation_parts(key: str) -> tuple[Any, bool]:
    annotation = Settings.model_fields[key].annotation
    optional = False
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        annotation = args[0] if len(args) == 1 else annotation
    return annotation, optional


def _kind(key: str, view: SettingView) -> tuple[str, tuple[str, ...], bool]:
    annotation, optional = _annotation_parts(key)
    if view.secret:
        return "secret", (), optional
    if annotation is bool:
        return "bool", (), optional
    if key in ORDERED:
        return "ordered", (), optional
    if get_origin(annotation) is Literal:
        return "select", tuple(str(a) for a in get_args(annotation)), optional
    if get_origin(annotation) is list or "list" in repr(annotation):
        return "list", (), optional
    if annotation in (int, float):
        return "number", (), optional
    return "text", (), optional


def _display(value: Any, kind: str = "text") -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ("\n" if kind == "ordered" else ", ").join(str(v) for v in value)
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def _field(view: SettingView) -> FormField:
    kind, options, optional = _kind(view.key, view)
    description = Settings.model_fields[view.key].description or ""
    return FormField(
        key=view.key,
        label=LABELS.get(view.key) or view.key.replace("_", " ").capitalize(),
        kind=kind,  # type: ignore[arg-type]
        value="" if view.secret else _display(view.value, kind),
        is_set=view.is_set,
        source=view.source,
        help=description,
        options=options,
        optional=optional,
    )


def _section_of(view: SettingView, kind: str) -> str:
    for name, _title, keys in SECTIONS:
        if view.key in keys:
            return name
    if view.key.startswith("quality_"):
        return "quality"
    return "features" if kind == "bool" else "other"


def build_fields(views: list[SettingView]) -> list[tuple[str, str, list[FormField]]]:
    """The editable settings grouped into the page's sections (empty sections kept)."""
    grouped: dict[str, list[FormField]] = {name: [] for name, _t, _k in SECTIONS}
    grouped["other"] = []
    for view in views:
        if view.editable:
            field = _field(view)
            grouped[_section_of(view, field.kind)].append(field)
    titles = {name: title for name, title, _keys in SECTIONS} | {"other": "Other"}
    return [(name, titles[name], fields) for name, fields in grouped.items()]


def parse_list(raw: str) -> list[str]:
    """Items of a list typed one per line or separated by commas."""
    return [part.strip() for part in raw.replace("\n", ",").split(",") if part.strip()]


def _parsed(field: FormField, raw: str) -> Any:
    if field.kind in ("list", "ordered"):
        return parse_list(raw)
    return raw.strip()


def patch_from_form(form: FormData, views: list[SettingView]) -> dict[str, Any]:
    """The settings the form changes: secrets only when typed (or cleared), others only when
    their value differs; an emptied optional field clears the stored value."""
    patch: dict[str, Any] = {}
    for view in views:
        if not view.editable or f"present_{view.key}" not in form:
            continue
        field = _field(view)
        raw = form.get(view.key)
        text = raw if isinstance(raw, str) else ""
        if field.kind == "secret":
            if form.get(f"clear_{view.key}") == "on":
                patch[view.key] = None
            elif text.strip():
                patch[view.key] = text.strip()
        elif field.kind == "bool":
            wanted = text == "on"
            if wanted != bool(view.value):
                patch[view.key] = wanted
        elif not text.strip():
            if field.optional and view.value is not None:
                patch[view.key] = None
        elif _display(_parsed(field, text), field.kind) != field.value:
            patch[view.key] = _parsed(field, text)
    return patch
