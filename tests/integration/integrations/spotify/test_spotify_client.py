"""SpotifyClient against the emulator served in process (httpx.ASGITransport)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from tests.integration.integrations.spotify.conftest import API
from tests.integration.integrations.spotify.factories import (
    BIG_ALBUM_ID,
    BIG_ARTIST_ID,
    BIG_PLAYLIST_ID,
    DEMO_USER,
    GAPPY_PLAYLIST_ID,
    OTHER_PRIVATE_ID,
    OTHER_PUBLIC_ID,
    create_spotify_id,
    write_data,
)
from tonearm.emulators._common import FaultRule
from tonearm.integrations.spotify import (
    SpotifyAuthError,
    SpotifyClient,
    SpotifyNotFound,
    SpotifyRateLimited,
    SpotifyRequestError,
    SpotifyServerError,
    SpotifyUnavailable,
    UserTokenProvider,
)

RADIOHEAD = create_spotify_id("artist:Radiohead")
OK_COMPUTER = create_spotify_id("album:OK Computer")
KARMA_POLICE = create_spotify_id("track:OK Computer:Karma Police")


class TestCatalogue:
    async def test_get_me(self, client: SpotifyClient) -> None:
        me = await client.get_me()
        assert (me.id, me.display_name, me.product) == (DEMO_USER, "Demo Listener", "premium")

    async def test_get_track_has_album_and_isrc(self, client: SpotifyClient) -> None:
        track = await client.get_track(KARMA_POLICE)
        assert track.name == "Karma Police"
        assert track.album.id == OK_COMPUTER
        assert [a.name for a in track.artists] == ["Radiohead"]
        assert track.isrc is not None
        assert len(track.isrc) == 12

    async def test_get_album_and_its_tracks(self, client: SpotifyClient) -> None:
        album = await client.get_album(OK_COMPUTER)
        assert album.name == "OK Computer"
        assert album.label == "Parlophone"
        assert album.tracks is not None
        names = [t.name async for t in client.iter_album_tracks(OK_COMPUTER)]
        assert names == [t.name for t in album.tracks.items]
        assert "Paranoid Android" in names

    async def test_album_tracks_across_pages(self, client: SpotifyClient) -> None:
        numbers = [t.track_number async for t in client.iter_album_tracks(BIG_ALBUM_ID)]
        assert numbers == list(range(1, 261))

    async def test_get_artist_and_albums_filtered(self, client: SpotifyClient) -> None:
        artist = await client.get_artist(RADIOHEAD)
        assert artist.name == "Radiohead"
        albums = [a.name async for a in client.iter_artist_albums(RADIOHEAD, ["album"])]
        assert sorted(albums) == ["In Rainbows", "OK Computer"]
        compilations = [a async for a in client.iter_artist_albums(BIG_ARTIST_ID, ["single"])]
        assert compilations == []

    def test_artist_albums_rejects_unknown_group(self, client: SpotifyClient) -> None:
        with pytest.raises(SpotifyRequestError):
            client.iter_artist_albums(RADIOHEAD, ["bootleg"])

    async def test_missing_track_is_not_found(self, client: SpotifyClient) -> None:
        with pytest.raises(SpotifyNotFound):
            await client.get_track(create_spotify_id("nothing"))


class TestLibrary:
    async def test_my_playlists(self, client: SpotifyClient) -> None:
        playlists = [p async for p in client.iter_my_playlists()]
        names = {p.name for p in playlists}
        assert {"Tonearm Wishlist", "Long Playlist"} <= names
        assert "Their Public" not in names
        big = next(p for p in playlists if p.id == BIG_PLAYLIST_ID)
        assert big.total_items == 260

    async def test_playlist_items_across_pages(self, client: SpotifyClient) -> None:
        items = [i async for i in client.iter_playlist_items(BIG_PLAYLIST_ID)]
        assert len(items) == 260
        assert [i.track.track_number for i in items] == list(range(1, 261))
        assert all(i.added_at is not None for i in items)

    async def test_playlist_items_skip_missing_tracks(self, client: SpotifyClient) -> None:
        items = [i async for i in client.iter_playlist_items(GAPPY_PLAYLIST_ID)]
        assert len(items) == 2

    async def test_saved_tracks_and_followed_artists(self, client: SpotifyClient) -> None:
        saved = [s async for s in client.iter_saved_tracks()]
        assert len(saved) == 10
        assert saved[0].track.name == "Backseat Freestyle"  # most recent first
        followed = [a.name async for a in client.iter_followed_artists()]
        assert followed == ["Radiohead", "Portishead", "Björk", "Miles Davis", "Daft Punk"]

    async def test_other_users_playlists(self, client: SpotifyClient) -> None:
        playlist = await client.get_playlist(OTHER_PUBLIC_ID)
        assert playlist.owner.id != DEMO_USER
        with pytest.raises(SpotifyAuthError):  # 2026: items only for owners
            _ = [i async for i in client.iter_playlist_items(OTHER_PUBLIC_ID)]
        with pytest.raises(SpotifyNotFound):
            await client.get_playlist(OTHER_PRIVATE_ID)


class TestSnapshot:
    async def test_snapshot_changes_when_data_file_changes(
        self, client: SpotifyClient, data_path: Path
    ) -> None:
        before = await client.get_playlist(GAPPY_PLAYLIST_ID)
        data = json.loads(data_path.read_text())
        playlist = next(p for p in data["playlists"] if p["id"] == GAPPY_PLAYLIST_ID)
        playlist["track_ids"].append(KARMA_POLICE)
        write_data(data_path, data)
        after = await client.get_playlist(GAPPY_PLAYLIST_ID)
        assert after.snapshot_id != before.snapshot_id
        assert after.total_items == before.total_items + 1
        names = [i.track.name async for i in client.iter_playlist_items(GAPPY_PLAYLIST_ID)]
        assert names[-1] == "Karma Police"


class TestSearch:
    async def test_search_tracks_albums_artists(self, client: SpotifyClient) -> None:
        results = await client.search("karma police", ["track", "album", "artist"], limit=5)
        assert results.tracks is not None
        assert [t.name for t in results.tracks.items] == ["Karma Police"]
        assert results.albums is not None
        assert results.albums.total == 0

    async def test_search_with_field_filters_and_offset(self, client: SpotifyClient) -> None:
        first = await client.search('artist:"The Long Players"', ["track"], limit=10)
        second = await client.search('artist:"The Long Players"', ["track"], limit=10, offset=10)
        assert first.tracks is not None
        assert second.tracks is not None
        assert first.tracks.total == 260
        assert first.tracks.next is not None
        assert {t.id for t in first.tracks.items}.isdisjoint(t.id for t in second.tracks.items)

    @pytest.mark.parametrize("limit", [0, 11, 50])
    async def test_search_limit_enforced_client_side(
        self, client: SpotifyClient, http: httpx.AsyncClient, limit: int
    ) -> None:
        with pytest.raises(SpotifyRequestError):
            await client.search("karma", ["track"], limit=limit)


class TestFailures:
    async def test_401_refreshes_once_and_retries(
        self, client: SpotifyClient, token_provider: UserTokenProvider, emulator: Starlette
    ) -> None:
        first_refresh = token_provider.tokens.refresh_token
        emulator.state.faults.replace([FaultRule(match="GET /v1/me", status=401, times=1)])
        me = await client.get_me()
        assert me.id == DEMO_USER
        assert token_provider.tokens.refresh_token != first_refresh  # it was rotated

    async def test_repeated_401_surfaces_after_one_retry(
        self, client: SpotifyClient, emulator: Starlette
    ) -> None:
        emulator.state.faults.replace([FaultRule(match="GET /v1/me", status=401, times=2)])
        with pytest.raises(SpotifyAuthError):
            await client.get_me()
        assert emulator.state.faults.describe() == []  # exactly two attempts were made

    async def test_expired_token_is_refreshed(
        self, client: SpotifyClient, token_provider: UserTokenProvider, emulator: Starlette
    ) -> None:
        clock = emulator.state.auth.clock
        emulator.state.auth.clock = lambda: clock() + 7200  # the access token is now expired
        old_access = token_provider.tokens.access_token
        assert (await client.get_me()).id == DEMO_USER
        assert token_provider.tokens.access_token != old_access

    async def test_429_exposes_retry_after(
        self, client: SpotifyClient, emulator: Starlette
    ) -> None:
        emulator.state.faults.replace(
            [FaultRule(match="GET /v1/tracks/*", status=429, retry_after=37, times=1)]
        )
        with pytest.raises(SpotifyRateLimited) as caught:
            await client.get_track(KARMA_POLICE)
        assert caught.value.retry_after == 37.0
        assert (await client.get_track(KARMA_POLICE)).name == "Karma Police"

    @pytest.mark.parametrize("status", [500, 503])
    async def test_server_errors(
        self, client: SpotifyClient, emulator: Starlette, status: int
    ) -> None:
        emulator.state.faults.replace([FaultRule(match="GET /v1/albums/*", status=status)])
        with pytest.raises(SpotifyServerError) as caught:
            await client.get_album(OK_COMPUTER)
        assert caught.value.status == status

    async def test_dropped_connection_is_unavailable(
        self, client: SpotifyClient, emulator: Starlette
    ) -> None:
        emulator.state.faults.replace([FaultRule(match="GET /v1/me", drop=True, times=1)])
        with pytest.raises(SpotifyUnavailable):
            await client.get_me()

    async def test_fault_in_the_middle_of_pagination(
        self, client: SpotifyClient, emulator: Starlette
    ) -> None:
        emulator.state.faults.replace(
            [FaultRule(match=f"GET /v1/playlists/{BIG_PLAYLIST_ID}/items", status=503, times=2)]
        )
        with pytest.raises(SpotifyServerError):
            _ = [i async for i in client.iter_playlist_items(BIG_PLAYLIST_ID)]


class TestPlainCallableTokens:
    async def test_callable_provider_is_not_retried(
        self, client: SpotifyClient, http: httpx.AsyncClient
    ) -> None:
        calls: list[int] = []

        async def token() -> str:
            calls.append(1)
            return "not-a-token"

        plain = SpotifyClient(http, API, token)
        with pytest.raises(SpotifyAuthError) as caught:
            await plain.get_me()
        assert caught.value.status == 401
        assert len(calls) == 1
