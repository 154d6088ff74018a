"""Helpers shared by CLI commands: settings and logging set-up."""

from __future__ import annotations

from typing import Any

import typer
from pydantic import ValidationError

from tonearm.config import Settings
from tonearm.observability import configure_logging

__all__ = ["load_settings"]


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit CLI overrides; exits on invalid values."""
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            typer.echo(f"invalid setting TONEARM_{where.upper()}: {error['msg']}", err=True)
        raise typer.Exit(2) from exc
    configure_logging(settings.log_level, settings.log_format)
    return settings
