"""Hostile remote names never put a file outside the library root."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tonearm.domain.postprocess.flow import _path_fields, _tags_from_remote
from tonearm.domain.postprocess.organize import place_file
from tonearm.kit.pathsafe import DEFAULT_TEMPLATE, render_library_path

HOSTILE_PARTS = st.sampled_from(
    ["..", ".", "/", "\\", "\x00", "CON", "nul.txt", "COM1", "\u202e", "\u200f", "C:", "~", ""]
)
PART = st.one_of(
    HOSTILE_PARTS,
    st.text(min_size=0, max_size=40),
    st.text(alphabet="a./\\", min_size=900, max_size=1100),
)
REMOTE = st.lists(PART, min_size=1, max_size=6).map(lambda parts: "\\".join(parts) + ".flac")


class TestHostileRemoteNames:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(remote=REMOTE)
    def test_rendered_path_stays_inside_the_root(self, remote: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "library"
            root.mkdir()
            fields = _path_fields(_tags_from_remote(remote), "flac")
            target = render_library_path(DEFAULT_TEMPLATE, fields, root)
            assert target.resolve().is_relative_to(root.resolve())
            assert target.resolve() != root.resolve()

    @settings(max_examples=40, deadline=None)
    @given(remote=REMOTE)
    def test_a_placed_file_lands_inside_the_root(self, remote: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            base = Path(folder)
            root = base / "library"
            root.mkdir()
            source = base / "work.flac"
            source.write_bytes(b"fLaC-data")
            fields = _path_fields(_tags_from_remote(remote), "flac")
            placed = place_file(source, render_library_path(DEFAULT_TEMPLATE, fields, root))
            written = [p for p in base.rglob("*") if p.is_file() and p != source]
            assert written == [placed.path]
            assert placed.path.resolve().is_relative_to(root.resolve())
