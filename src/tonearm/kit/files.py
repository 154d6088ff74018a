"""File helpers: private (0600) files written atomically, and writability probes."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

__all__ = ["probe_writable", "read_private_file", "write_private_file"]


def write_private_file(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` atomically, readable by the owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    path.chmod(0o600)


def read_private_file(path: Path) -> str | None:
    """The stripped content of ``path``, or None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def probe_writable(folder: Path) -> str | None:
    """Create, fsync and unlink a probe file in ``folder``; None when fine, else the reason."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".tonearm-probe-{secrets.token_hex(4)}"
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, b"ok")
            os.fsync(fd)
        finally:
            os.close(fd)
            probe.unlink()
    except OSError as exc:
        return f"{folder}: {exc.strerror or exc}"
    return None
