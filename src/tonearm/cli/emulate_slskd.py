"""`tonearm emulate slskd`: serve the slskd emulator on a local port."""

from __future__ import annotations

from pathlib import Path

from tonearm.emulators._common import run_emulator
from tonearm.emulators.slskd import create_slskd_emulator

__all__ = ["run_slskd_emulator"]


def run_slskd_emulator(
    network: Path,
    downloads: Path,
    port: int,
    api_key: str,
    host: str = "127.0.0.1",
    version: str = "0.26",
    faults: Path | None = None,
) -> None:
    """Serve the slskd emulator for `network`, writing finished downloads under `downloads`
    (blocking, until interrupted)."""
    app = create_slskd_emulator(network, downloads, api_key, version=version, faults_path=faults)
    run_emulator(app, host=host, port=port)
