"""The source of process and machine figures (psutil), replaceable by a stand-in in tests."""

from __future__ import annotations

from typing import Any

__all__ = ["psutil_source"]


def psutil_source(state: Any) -> Any:
    """``state.psutil`` when a test put a stand-in there, else the psutil module.

    psutil is imported on first use: no start-up needs it.
    """
    stand_in = getattr(state, "psutil", None)
    if stand_in is not None:
        return stand_in
    import psutil

    return psutil
