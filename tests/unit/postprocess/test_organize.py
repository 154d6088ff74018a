"""Crash-safe filing: never overwrite, identical re-runs are no-ops, upgrades replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonearm.domain.postprocess.organize import alternative_name, place_file, write_text_file


def _source(tmp_path: Path, content: bytes, name: str = "work.flac") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


class TestPlaceFile:
    def test_places_a_copy_and_leaves_no_temporary(self, tmp_path: Path) -> None:
        target = tmp_path / "lib" / "A" / "01 - T.flac"
        placed = place_file(_source(tmp_path, b"one"), target)
        assert (placed.path.read_bytes(), placed.unchanged) == (b"one", False)
        assert [p.name for p in target.parent.iterdir()] == ["01 - T.flac"]

    def test_identical_rerun_is_a_no_op(self, tmp_path: Path) -> None:
        target = tmp_path / "lib" / "t.flac"
        place_file(_source(tmp_path, b"same"), target)
        assert place_file(_source(tmp_path, b"same"), target).unchanged

    def test_never_overwrites_another_file(self, tmp_path: Path) -> None:
        target = tmp_path / "lib" / "t.flac"
        place_file(_source(tmp_path, b"first"), target)
        with pytest.raises(FileExistsError):
            place_file(_source(tmp_path, b"second"), target)
        assert target.read_bytes() == b"first"

    def test_upgrade_replaces_atomically(self, tmp_path: Path) -> None:
        target = tmp_path / "lib" / "t.flac"
        place_file(_source(tmp_path, b"lossy"), target)
        placed = place_file(_source(tmp_path, b"lossless"), target, replace=True)
        assert (target.read_bytes(), placed.replaced) == (b"lossless", True)

    def test_stale_temporaries_of_a_crash_are_removed(self, tmp_path: Path) -> None:
        target = tmp_path / "lib" / "t.flac"
        target.parent.mkdir(parents=True)
        stale = target.with_name(".t.flac.tonearm-tmp-dead")
        stale.write_bytes(b"half")
        place_file(_source(tmp_path, b"full"), target)
        assert not stale.exists()


class TestHelpers:
    def test_alternative_name(self) -> None:
        assert alternative_name(Path("a/T.flac"), 2) == Path("a/T (2).flac")

    def test_write_text_file_replaces(self, tmp_path: Path) -> None:
        target = tmp_path / "t.lrc"
        write_text_file(target, "old")
        write_text_file(target, "new")
        assert target.read_text() == "new"

    def test_write_text_file_removes_temporaries_of_a_crash(self, tmp_path: Path) -> None:
        target = tmp_path / "t.lrc"
        stale = tmp_path / ".t.lrc.tonearm-tmp-dead"
        stale.write_text("half")
        write_text_file(target, "lyrics")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["t.lrc"]
