"""``emulate spotify|slskd``: the stand-ins for services Tonearm talks to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tonearm.observability import configure_logging

app = typer.Typer(help="Run an emulator of an external service.", no_args_is_help=True)


@app.command("spotify")
def spotify(
    data: Annotated[Path, typer.Option(help="Catalogue data file (JSON).")],
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8901,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    faults: Annotated[Path | None, typer.Option(help="Fault rules file (JSON).")] = None,
) -> None:
    """Emulate Spotify's accounts service and Web API."""
    from tonearm.cli.emulate_spotify import run_spotify_emulator

    configure_logging()
    run_spotify_emulator(data=data, port=port, host=host, faults=faults)


@app.command("slskd")
def slskd(
    network: Annotated[Path, typer.Option(help="Soulseek network file (JSON).")],
    downloads: Annotated[Path, typer.Option(help="Where completed downloads are written.")],
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8902,
    api_key: Annotated[str, typer.Option(help="API key clients must send.")] = "tonearm-demo",
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    version: Annotated[str, typer.Option(help="slskd version to behave as.")] = "0.26",
    faults: Annotated[Path | None, typer.Option(help="Fault rules file (JSON).")] = None,
) -> None:
    """Emulate an slskd daemon and a small Soulseek network."""
    from tonearm.cli.emulate_slskd import run_slskd_emulator

    configure_logging()
    run_slskd_emulator(
        network=network,
        downloads=downloads,
        port=port,
        api_key=api_key,
        host=host,
        version=version,
        faults=faults,
    )
