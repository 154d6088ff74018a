"""Hostile remote names never leave the downloads folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tonearm.emulators.slskd.files import is_traversal, sanitize_component, target_path

ROOT = Path("/srv/downloads")


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("@@a\\Music\\Album (1997)\\01 - Song.flac", "Album (1997)/01 - Song.flac"),
        ("@@a\\..\\..\\etc\\passwd", "etc/passwd"),
        ("@@a\\x\\..", "x/_"),
        ("C:\\Windows\\evil.dll", "Windows/evil.dll"),
        ("song.mp3", "song.mp3"),
    ],
)
def test_target_path(remote: str, expected: str) -> None:
    assert target_path(ROOT, remote) == ROOT / expected


@given(st.text(min_size=1, max_size=80))
def test_any_remote_name_stays_inside(remote: str) -> None:
    path = target_path(ROOT, remote)
    assert path.resolve().is_relative_to(ROOT.resolve())
    assert path.name not in {".", ".."}


def test_sanitize_and_traversal() -> None:
    assert sanitize_component('a/b\\c:d*?"<>|') == "a_b_c_d______"
    assert sanitize_component("..") == "_"
    assert is_traversal("@@a\\..\\b")
    assert not is_traversal("@@a\\b..c\\d")
