"""Find a downloaded file under Tonearm's view of slskd's downloads folder.

slskd reports its own absolute path (`localFilename`); Tonearm mounts the same folder
elsewhere, so only the relative tail is meaningful. Every candidate must stay inside the
downloads root: remote names are untrusted.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from .models import DownloadFileComplete, SlskdEvent, Transfer

__all__ = ["local_path_for"]

_SUFFIXED = re.compile(r"_\d+$")


def _contained(root: Path, parts: list[str]) -> Path | None:
    if not parts or any(p in {"", ".", ".."} for p in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        resolved = candidate.resolve()
    except OSError:
        return None
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


def _from_local_filename(local_filename: str, root: Path) -> Path | None:
    parts = [p for p in PurePosixPath(local_filename.replace("\\", "/")).parts if p != "/"]
    for start in range(len(parts)):  # longest relative tail first
        found = _contained(root, parts[start:])
        if found is not None:
            return found
    return None


def _from_transfer(transfer: Transfer, root: Path) -> Path | None:
    """slskd's default layout: `<parent directory>/<file name>`, maybe with a `_<digits>` suffix."""
    remote = [p for p in transfer.filename.replace("/", "\\").split("\\") if p]
    if len(remote) < 2:
        return None
    folder, name = remote[-2], remote[-1]
    exact = _contained(root, [folder, name])
    if exact is not None:
        return exact
    directory = _contained_dir(root, folder)
    if directory is None:
        return None
    wanted = PurePosixPath(name)
    matches = [
        p
        for p in directory.iterdir()
        if p.suffix == wanted.suffix
        and p.stem.startswith(wanted.stem)
        and _SUFFIXED.fullmatch(p.stem[len(wanted.stem) :])
    ]
    return _contained(root, [folder, max(matches).name]) if matches else None


def _contained_dir(root: Path, folder: str) -> Path | None:
    if folder in {"", ".", ".."}:
        return None
    directory = (root / folder).resolve()
    return directory if directory.is_relative_to(root) and directory.is_dir() else None


def local_path_for(
    item: SlskdEvent | DownloadFileComplete | Transfer, downloads_root: Path
) -> Path | None:
    """The downloaded file's path under `downloads_root`, or None when it cannot be found.

    Prefer events (their `localFilename` is exact); a transfer falls back on slskd's
    default folder layout.
    """
    root = downloads_root.resolve()
    if isinstance(item, SlskdEvent):
        complete = item.download_complete
        if complete is None:
            return None
        item = complete
    if isinstance(item, DownloadFileComplete):
        return _from_local_filename(item.local_filename, root)
    return _from_transfer(item, root)
