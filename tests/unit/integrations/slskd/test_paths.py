"""Resolving slskd's local file names under Tonearm's mount of the downloads folder."""

from __future__ import annotations

import json
from pathlib import Path

from tonearm.integrations.slskd import DownloadFileComplete, SlskdEvent, Transfer, local_path_for


def make_file(root: Path, *parts: str) -> Path:
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_event_path_is_matched_by_its_relative_tail(tmp_path: Path) -> None:
    expected = make_file(tmp_path, "Album", "01 - Song.flac")
    data = {"localFilename": "/app/downloads/Album/01 - Song.flac", "remoteFilename": "x"}
    event = SlskdEvent.model_validate(
        {"id": "1", "type": "DownloadFileComplete", "data": json.dumps(data)}
    )
    assert local_path_for(event, tmp_path) == expected.resolve()


def test_paths_outside_the_root_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    make_file(tmp_path, "secret.txt")
    (root / "link").symlink_to(tmp_path)
    for local in ("/x/../secret.txt", "/x/link/secret.txt"):
        complete = DownloadFileComplete(local_filename=local, remote_filename="r")
        assert local_path_for(complete, root) is None


def test_transfer_falls_back_on_the_default_layout_with_suffix(tmp_path: Path) -> None:
    suffixed = make_file(tmp_path, "Album (1997)", "06 - Song_638412345678.flac")
    transfer = Transfer(id="t", username="u", filename="@@u\\Music\\Album (1997)\\06 - Song.flac")
    assert local_path_for(transfer, tmp_path) == suffixed.resolve()
    other = SlskdEvent(id="2", type="SomethingElse")
    assert local_path_for(other, tmp_path) is None
