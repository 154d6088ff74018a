"""``tonearm demo``: both emulators with bundled sample data and a Tonearm server configured
against them, in a temporary data directory; everything stops on Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import shutil
import signal
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn

from tonearm.app import create_app
from tonearm.config import Settings
from tonearm.db.migrate import upgrade
from tonearm.observability import configure_logging

__all__ = ["demo"]

DATA = Path(__file__).resolve().parents[1] / "emulators" / "data"
DEMO_CLIENT_ID = "tonearm-demo"
DEMO_CLIENT_SECRET = "tonearm-demo-secret"  # noqa: S105 - the bundled emulator's demo app


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the demo (three servers, one loop)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _listen(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def _server(app: Any) -> _QuietServer:
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
    return _QuietServer(config)


def _demo_settings(
    root: Path, port: int, api_key: str, spotify: str, slskd: str, slskd_key: str
) -> Settings:
    values: dict[str, Any] = {
        "data_dir": root / "data",
        "database_url": None,
        "host": "127.0.0.1",
        "port": port,
        "api_key": api_key,
        "log_format": "console",
        "spotify_client_id": DEMO_CLIENT_ID,
        "spotify_client_secret": DEMO_CLIENT_SECRET,
        "spotify_api_url": f"{spotify}/v1",
        "spotify_accounts_url": spotify,
        "spotify_redirect_uri": f"http://127.0.0.1:{port}/api/v1/spotify/oauth/callback",
        "slskd_url": slskd,
        "slskd_api_key": slskd_key,
        "slskd_downloads_dir": root / "slskd-downloads",
        "artwork_allowed_hosts": ["127.0.0.1"],
    }
    return Settings(_env_file=None, **values)


async def _serve_all(servers: list[tuple[_QuietServer, socket.socket]]) -> None:
    loop = asyncio.get_running_loop()

    def stop() -> None:
        for server, _ in servers:
            server.should_exit = True

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop)
    tasks = [asyncio.create_task(server.serve(sockets=[sock])) for server, sock in servers]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        stop()  # one server ending (or failing) ends the demo
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def demo(
    port: Annotated[int, typer.Option(help="Port of the Tonearm server.")] = 8080,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the temporary data dir.")] = False,
) -> None:
    """Run Tonearm against the Spotify and slskd emulators with sample data (no accounts)."""
    # Imported here so that the other commands (``serve`` above all) start without them.
    from tonearm.emulators.slskd import create_slskd_emulator
    from tonearm.emulators.spotify import create_spotify_emulator

    configure_logging("WARNING", "console")
    root = Path(tempfile.mkdtemp(prefix="tonearm-demo-"))
    sockets = [_listen("127.0.0.1", 0), _listen("127.0.0.1", 0), _listen("127.0.0.1", port)]
    try:
        spotify_url, slskd_url = (f"http://127.0.0.1:{s.getsockname()[1]}" for s in sockets[:2])
        slskd_key, api_key = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
        settings = _demo_settings(root, port, api_key, spotify_url, slskd_url, slskd_key)
        spotify_data = Path(shutil.copy(DATA / "spotify_demo.json", root / "spotify.json"))
        network = Path(shutil.copy(DATA / "slskd_demo.json", root / "slskd.json"))
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(settings.resolved_database_url)
        apps = [
            create_spotify_emulator(spotify_data),
            create_slskd_emulator(network, root / "slskd-downloads", slskd_key),
            create_app(settings),
        ]
        servers = [(_server(app), sock) for app, sock in zip(apps, sockets, strict=True)]
        typer.echo(f"Spotify emulator: {spotify_url}  (client id {DEMO_CLIENT_ID})")
        typer.echo(f"slskd emulator:   {slskd_url}")
        typer.echo(f"Data directory:   {root}")
        typer.echo(f"Tonearm demo:     http://127.0.0.1:{port}/  (Ctrl-C stops everything)")
        typer.echo(f"API key: {api_key}")
        asyncio.run(_serve_all(servers))
    finally:
        for sock in sockets:
            sock.close()
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    typer.echo("demo stopped")
