"""slskd emulator: searches, transfers and events over slskd's HTTP API, scripted by a file."""

from .app import create_slskd_emulator

__all__ = ["create_slskd_emulator"]
