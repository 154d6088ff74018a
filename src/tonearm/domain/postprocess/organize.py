"""Move a finished file into the library: never overwrite, never leave half-written files.

The bytes go to a hidden temporary name in the destination folder, are fsynced, then
appear under their final name in one step: ``os.link`` (fails if the name exists, so nothing
is overwritten) or ``os.replace`` for an upgrade. A crash leaves at most a hidden temporary
file (``.<name>.tonearm-tmp-<random>``), which the next attempt at the same name removes (and
the periodic sweep, when no attempt comes). Re-running with identical content is a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "TMP_MARK",
    "Placement",
    "alternative_name",
    "file_digest",
    "place_file",
    "write_text_file",
]

TMP_MARK = ".tonearm-tmp-"


@dataclass(frozen=True)
class Placement:
    """Where the file ended up; ``unchanged`` when identical content was already there."""

    path: Path
    unchanged: bool
    replaced: bool


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def alternative_name(path: Path, number: int) -> Path:
    """``Title.flac`` -> ``Title (2).flac`` for a name already taken by another file."""
    return path.with_name(f"{path.stem} ({number}){path.suffix}")


def place_file(source: Path, destination: Path, *, replace: bool = False) -> Placement:
    """Copy ``source`` to ``destination`` crash-safely.

    Raises ``FileExistsError`` when another file holds the name and ``replace`` is false.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(destination)
    if destination.exists():
        if _same_content(source, destination):
            return Placement(destination, unchanged=True, replaced=False)
        if not replace:
            raise FileExistsError(str(destination))
    temporary = _copy_to_temporary(source, destination)
    try:
        if replace:
            os.replace(temporary, destination)
        else:
            os.link(temporary, destination)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _fsync_directory(destination.parent)
    return Placement(destination, unchanged=False, replaced=replace)


def write_text_file(destination: Path, text: str) -> None:
    """Write a small text file (e.g. ``.lrc``) atomically, replacing an older one."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(destination)
    temporary = destination.with_name(f".{destination.name}{TMP_MARK}{secrets.token_hex(4)}")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, destination)
    _fsync_directory(destination.parent)


def _same_content(left: Path, right: Path) -> bool:
    if left.stat().st_size != right.stat().st_size:
        return False
    return file_digest(left) == file_digest(right)


def _copy_to_temporary(source: Path, destination: Path) -> Path:
    temporary = destination.with_name(f".{destination.name}{TMP_MARK}{secrets.token_hex(4)}")
    with source.open("rb") as reader, temporary.open("xb") as writer:
        try:
            shutil.copyfileobj(reader, writer, 1024 * 1024)
            writer.flush()
            os.fsync(writer.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)  # e.g. a full disk: leave no partial copy behind
            raise
    return temporary


def _remove_stale_temporaries(destination: Path) -> None:
    for stale in destination.parent.glob(f".{destination.name}{TMP_MARK}*"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _fsync_directory(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
