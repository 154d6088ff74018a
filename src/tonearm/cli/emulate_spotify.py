"""`tonearm emulate spotify`: serve the Spotify emulator on a local port."""

from __future__ import annotations

from pathlib import Path

from tonearm.emulators._common import run_emulator
from tonearm.emulators.spotify import create_spotify_emulator

__all__ = ["run_spotify_emulator"]


def run_spotify_emulator(
    data: Path, port: int, host: str = "127.0.0.1", faults: Path | None = None
) -> None:
    """Serve the Spotify emulator for `data` until interrupted (blocking)."""
    run_emulator(create_spotify_emulator(data, faults), host=host, port=port)
