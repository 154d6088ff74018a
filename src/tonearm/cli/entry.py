"""The ``tonearm`` console entry point: loads the commands, then runs the one asked for."""

from __future__ import annotations

import gc

__all__ = ["main"]


def main() -> None:
    """Console entry point."""
    # Loading the commands creates a few hundred thousand long-lived objects (modules,
    # classes, schemas, tables) and no garbage: the collector, run every few hundred
    # allocations, would only re-scan them, a fifth of the start-up time. Frozen afterwards,
    # they stay out of every later collection of the running server too.
    gc.disable()
    try:
        from tonearm.cli.main import app
    finally:
        gc.freeze()
        gc.enable()
    app()


if __name__ == "__main__":
    main()
