"""Wheel build hook: a wheel that carries the compiled matching engine is tagged for this
interpreter and platform (cp311-cp311-linux_x86_64, ...) instead of py3-none-any."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledEngineTag(BuildHookInterface):
    """Marks the wheel as platform-specific when ``make native`` left extension modules."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        engine = Path(self.root) / "src" / "tonearm" / "matching"
        if self.target_name == "wheel" and version == "standard" and any(engine.glob("*.so")):
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
