"""Where a finished download lands and what it contains. Remote names are hostile data."""

from __future__ import annotations

import itertools
import logging
import re
import time
from pathlib import Path

from ..audiogen import AudioGenError, generate_audio, truncate
from .network import NetworkFile, remote_parts

__all__ = [
    "file_content",
    "is_traversal",
    "sanitize_component",
    "target_path",
    "write_download",
]

logger = logging.getLogger("tonearm.emulator.slskd")

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_MP3_BITRATES = (320, 256, 224, 192, 160, 128, 112, 96, 80, 64, 56, 48, 40, 32)


def sanitize_component(name: str) -> str:
    """One safe path component: no separators, control characters, or dot-only names."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned[:200] or "_"


def is_traversal(filename: str) -> bool:
    """Whether a remote name tries to climb out of its share (`..` components)."""
    return any(part.strip() in {"..", "."} for part in remote_parts(filename))


def target_path(downloads_dir: Path, remote_filename: str, destination: str | None = None) -> Path:
    """`<downloads>/<remote parent directory>/<file name>`, or `<downloads>/<destination>/...`.

    Every component is sanitised and the result is checked to stay under `downloads_dir`.
    """
    parts = remote_parts(remote_filename) or ["_"]
    if destination is not None:
        folder = [sanitize_component(p) for p in remote_parts(destination)]
    else:
        folder = [sanitize_component(parts[-2])] if len(parts) > 1 else []
    root = downloads_dir.resolve()
    path = root.joinpath(*folder, sanitize_component(parts[-1]))
    if not path.resolve().is_relative_to(root):
        raise ValueError("download target escapes the downloads folder")
    return path


def _unique(path: Path) -> Path:
    if not path.exists():
        return path
    for counter in itertools.count(time.time_ns() // 1000):
        candidate = path.with_name(f"{path.stem}_{counter}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise AssertionError("unreachable")


def _generated(item: NetworkFile) -> bytes:
    fmt = Path(sanitize_component(remote_parts(item.filename)[-1])).suffix.lstrip(".").lower()
    length = float(item.length) if item.length else 180.0
    rates = [r for r in _MP3_BITRATES if r <= (item.bit_rate or 320)] or [32]
    for bitrate in rates if fmt == "mp3" else [item.bit_rate]:
        try:
            return generate_audio(fmt, length, bitrate, pad_to_size=item.size)
        except AudioGenError:
            continue
    logger.warning("slskd.emulator.unpaddable_file filename=%r", item.filename)
    return b"\x00" * item.size


def file_content(item: NetworkFile, base_dir: Path, cut_off: bool) -> bytes:
    """The bytes of a downloaded file: its `source` when given, else generated audio."""
    data: bytes | None = None
    if item.source:
        source = (base_dir / item.source).resolve()
        if source.is_relative_to(base_dir.resolve()) and source.is_file():
            data = source.read_bytes()
        else:
            logger.warning("slskd.emulator.bad_source source=%r", item.source)
    if data is None:
        data = _generated(item)
    return truncate(data) if cut_off else data


def write_download(
    downloads_dir: Path, remote_filename: str, content: bytes, destination: str | None = None
) -> Path:
    """Write a finished download, adding a `_<digits>` suffix when the name is taken."""
    path = _unique(target_path(downloads_dir, remote_filename, destination))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path
