"""compute_delta: added / updated / removed, reactivation, duplicates."""

from __future__ import annotations

from datetime import timedelta

from tonearm.db.base import utcnow
from tonearm.domain.artists import RemoteRelease, compute_delta, spotify_id_of, staleness
from tonearm.domain.artists.errors import InvalidArtistKey


def _remote(sid: str, name: str = "A", total: int = 10) -> RemoteRelease:
    return RemoteRelease(sid, name, "album", "album", "2020-01-01", "day", total, None)


def _stored(release: RemoteRelease, active: bool = True) -> tuple[dict[str, object], bool]:
    return {"spotify_id": release.spotify_id, **release.values()}, active


class TestComputeDelta:
    def test_no_change_is_empty(self) -> None:
        release = _remote("a")
        assert compute_delta([_stored(release)], [release]).empty

    def test_added_updated_removed(self) -> None:
        delta = compute_delta(
            [_stored(_remote("a")), _stored(_remote("b"))],
            [_remote("a", total=11), _remote("c")],
        )
        assert [r.spotify_id for r in delta.added] == ["c"]
        assert [(c.spotify_id, c.changes) for c in delta.updated] == [
            ("a", {"total_tracks": [10, 11]})
        ]
        assert delta.removed == ["b"]

    def test_inactive_release_coming_back_is_an_update(self) -> None:
        delta = compute_delta([_stored(_remote("a"), active=False)], [_remote("a")])
        assert delta.updated[0].changes == {"active": [False, True]}

    def test_inactive_release_still_missing_is_not_removed_again(self) -> None:
        assert compute_delta([_stored(_remote("a"), active=False)], []).empty

    def test_duplicates_upstream_count_once(self) -> None:
        delta = compute_delta([], [_remote("a"), _remote("a")])
        assert len(delta.added) == 1


class TestKeysAndStaleness:
    def test_key_validation(self) -> None:
        assert spotify_id_of("spotify:abc123") == "abc123"
        for bad in ("abc", "spotify:", "spotify:a/b", "deezer:1"):
            try:
                spotify_id_of(bad)
            except InvalidArtistKey:
                continue
            raise AssertionError(bad)

    def test_staleness(self) -> None:
        now = utcnow()
        assert staleness(None, 60, now)[0] is True
        assert staleness(now - timedelta(seconds=30), 60, now) == (False, [])
        stale, warnings = staleness(now - timedelta(seconds=120), 60, now)
        assert stale
        assert warnings
