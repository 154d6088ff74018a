"""``openapi`` and ``config-reference``: generated documents kept in the repository."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic.fields import FieldInfo

from tonearm.config import RUNTIME_KEYS, SECRET_KEYS, Settings

__all__ = ["config_reference", "openapi", "render_config_reference", "render_openapi"]


def render_openapi(feature_admin_api: bool = False) -> str:
    """The OpenAPI document of a default app, as stable, sorted JSON."""
    from tonearm.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            data_dir=Path(tmp),
            api_key="snapshot",
            feature_admin_api=feature_admin_api,
            embedded_worker=False,
        )
        schema = create_app(settings).openapi()
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def _default(field: FieldInfo) -> str:
    value: Any = field.get_default(call_default_factory=True, validated_data={})
    if value is None:
        return "unset"
    if isinstance(value, list):
        return ", ".join(value) or "empty"
    return f"`{value}`"


def render_config_reference() -> str:
    """The configuration reference (docs/configuration.md), generated from Settings."""
    lines = [
        "# Configuration reference",
        "",
        "Generated from the `Settings` class by `tonearm config-reference` (`make docs`);",
        "a test keeps it in sync. Every setting is an environment variable `TONEARM_<NAME>`;",
        "values also come from a `.env` file. Precedence: a value stored through",
        "`PATCH /api/v1/settings` (including an explicit `null`) overrides the environment,",
        "which overrides the default. Only settings marked *runtime* can be changed through",
        "the API; secrets are never returned.",
        "",
        "| Variable | Default | Runtime | Secret | Description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, field in Settings.model_fields.items():
        runtime = "yes" if name in RUNTIME_KEYS else ""
        secret = "yes" if name in SECRET_KEYS else ""
        description = (field.description or "").replace("|", "\\|")
        env = f"`TONEARM_{name.upper()}`"
        lines.append(f"| {env} | {_default(field)} | {runtime} | {secret} | {description} |")
    lines.append("")
    return "\n".join(lines)


def openapi(
    admin: Annotated[bool, typer.Option(help="Build with the admin feature flag on.")] = False,
) -> None:
    """Print the OpenAPI document."""
    typer.echo(render_openapi(admin), nl=False)


def config_reference() -> None:
    """Print the configuration reference (Markdown)."""
    typer.echo(render_config_reference(), nl=False)
