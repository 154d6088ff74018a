"""The scripted Soulseek network the slskd emulator serves: peers, their shares, behaviours."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Behaviour",
    "Network",
    "NetworkFile",
    "Peer",
    "load_network",
    "matches_query",
    "remote_parts",
]

Behaviour = Literal["normal", "reject", "error", "stall", "offline", "truncate", "vanish"]

DEFAULT_SPEED_BYTES_PER_S = 100 * 1024 * 1024


class NetworkFile(BaseModel):
    """One shared file as the network file describes it."""

    model_config = ConfigDict(extra="ignore")

    filename: str
    size: int = Field(ge=0)
    length: int | None = None
    bit_rate: int | None = Field(default=None, alias="bitRate")
    bit_depth: int | None = Field(default=None, alias="bitDepth")
    sample_rate: int | None = Field(default=None, alias="sampleRate")
    is_variable_bit_rate: bool | None = Field(default=None, alias="isVariableBitRate")
    is_locked: bool = Field(default=False, alias="isLocked")
    source: str | None = None


class Peer(BaseModel):
    """A peer on the network, with its shares and how it answers download requests."""

    model_config = ConfigDict(extra="ignore")

    upload_speed: int = Field(default=1_048_576, alias="uploadSpeed")
    has_free_upload_slot: bool = Field(default=True, alias="hasFreeUploadSlot")
    queue_length: int = Field(default=0, alias="queueLength")
    behaviour: Behaviour = "normal"
    speed_bytes_per_s: int = Field(default=DEFAULT_SPEED_BYTES_PER_S, gt=0)
    reject_reason: str = "File not shared."
    # "vanish": the peer goes offline after sending this many bytes (default: half the file).
    vanish_after_bytes: int | None = Field(default=None, ge=0)
    files: list[NetworkFile] = Field(default_factory=list)

    def find(self, filename: str) -> NetworkFile | None:
        """The shared file with exactly this remote name, if any."""
        return next((f for f in self.files if f.filename == filename), None)


class Network(BaseModel):
    """The whole network file."""

    model_config = ConfigDict(extra="ignore")

    search_delay_ms: int = Field(default=300, ge=0)
    logged_in: bool = True
    users: dict[str, Peer] = Field(default_factory=dict)
    base_dir: Path = Path()


def load_network(path: Path) -> Callable[[Any], Network]:
    """Parser for `JsonDataFile`: binds relative `source` paths to the file's folder."""

    def parse(payload: Any) -> Network:
        network = Network.model_validate(payload)
        network.base_dir = path.resolve().parent
        return network

    return parse


def remote_parts(filename: str) -> list[str]:
    """Split a Soulseek virtual path into its components (either separator)."""
    return [part for part in filename.replace("/", "\\").split("\\") if part]


def matches_query(filename: str, search_text: str) -> bool:
    """Soulseek's rule: every query word appears in the path, case-insensitively."""
    haystack = filename.casefold()
    words = search_text.casefold().split()
    return bool(words) and all(word in haystack for word in words)
