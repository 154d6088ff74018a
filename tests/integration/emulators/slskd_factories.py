"""Factories for slskd emulator tests: a controllable clock and scripted networks."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from tonearm.emulators.slskd import create_slskd_emulator

API_KEY = "slskd-test-key"
BASE = "http://slskd.test"
KARMA = "@@alice\\Music\\Radiohead\\OK Computer (1997)\\06 - Karma Police.flac"
AIRBAG = "@@alice\\Music\\Radiohead\\OK Computer (1997)\\01 - Airbag.flac"
LOCKED = "@@alice\\Music\\Radiohead\\OK Computer (1997)\\02 - Paranoid Android.flac"
BOB_MP3 = "@@bob\\mp3\\Radiohead - Karma Police [128].mp3"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def create_peer(
    behaviour: str = "normal", files: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    """A peer entry of the network file."""
    return {
        "uploadSpeed": 1_048_576,
        "hasFreeUploadSlot": True,
        "queueLength": 0,
        "behaviour": behaviour,
        "files": files or [],
        **extra,
    }


def create_network(search_delay_ms: int = 300, **peers: dict[str, Any]) -> dict[str, Any]:
    """A network with alice (FLAC, one locked file) and bob (an MP3) plus `peers`."""
    users = {
        "alice": create_peer(
            files=[
                {
                    "filename": KARMA,
                    "size": 60_000,
                    "length": 264,
                    "bitDepth": 16,
                    "sampleRate": 44100,
                },
                {"filename": AIRBAG, "size": 50_000, "length": 287},
                {"filename": LOCKED, "size": 70_000, "length": 387, "isLocked": True},
            ]
        ),
        "bob": create_peer(
            files=[{"filename": BOB_MP3, "size": 4_300_000, "length": 264, "bitRate": 128}]
        ),
    }
    users.update(peers)
    return {"search_delay_ms": search_delay_ms, "users": users}


def write_network(path: Path, network: dict[str, Any]) -> Path:
    """Write the network file and return its path."""
    path.write_text(json.dumps(network), encoding="utf-8")
    return path


def create_emulator(
    tmp_path: Path,
    network: dict[str, Any] | None = None,
    version: str = "0.26",
    clock: FakeClock | None = None,
    faults: Path | None = None,
) -> Starlette:
    """An emulator on a fresh network file and downloads folder under `tmp_path`."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = write_network(tmp_path / "network.json", network or create_network())
    return create_slskd_emulator(
        path,
        tmp_path / "downloads",
        API_KEY,
        version=version,
        faults_path=faults,
        clock=clock or FakeClock(),
    )


@asynccontextmanager
async def open_http(app: Starlette, authenticated: bool = True) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to `app` in process."""
    headers = {"X-API-Key": API_KEY} if authenticated else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=headers) as http:
        yield http
