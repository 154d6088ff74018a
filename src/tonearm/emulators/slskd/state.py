"""Everything one slskd emulator instance knows, shared by its routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._common import JsonDataFile
from .network import Network
from .searches import SearchStore
from .transfers import TransferStore
from .wire import Timeline

__all__ = ["EmulatorState"]


@dataclass
class EmulatorState:
    """The emulator's mutable state; reachable in tests as `app.state.slskd`."""

    network_file: JsonDataFile[Network]
    downloads_dir: Path
    api_key: str
    version: tuple[int, int]
    version_text: str
    timeline: Timeline
    searches: SearchStore
    transfers: TransferStore
    operation_hold_s: float = 0.02
    creating_search: bool = False
    enqueues_in_flight: int = 0
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    search_requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def network(self) -> Network:
        """The network file, reloaded if it changed on disk."""
        return self.network_file.get()

    @property
    def max_running_searches(self) -> int | None:
        """Since 0.24 slskd runs at most two searches at once."""
        return 2 if self.version >= (0, 24) else None

    def advance(self) -> None:
        """Bring searches and transfers up to the current time."""
        network = self.network
        self.searches.advance(network, self.max_running_searches)
        self.transfers.advance(network.base_dir, self.version)
