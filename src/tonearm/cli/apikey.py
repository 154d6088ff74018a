"""``apikey show|rotate``."""

from __future__ import annotations

import typer

from tonearm.cli.common import load_settings
from tonearm.security import ensure_api_key, rotate_api_key

app = typer.Typer(help="Show or rotate the API key.", no_args_is_help=True)


@app.command("show")
def show() -> None:
    """Print the API key (alone on the last line)."""
    key = ensure_api_key(load_settings())
    typer.echo(f"source: {key.source}")
    typer.echo(key.value)


@app.command("rotate")
def rotate() -> None:
    """Replace the stored API key; running servers pick it up at once."""
    settings = load_settings()
    if settings.api_key is not None:
        typer.echo("TONEARM_API_KEY is set: change it there instead", err=True)
        raise typer.Exit(1)
    key = rotate_api_key(settings)
    typer.echo(f"new key stored in {key.source}")
    typer.echo(key.value)
