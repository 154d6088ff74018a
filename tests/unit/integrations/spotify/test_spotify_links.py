"""parse_spotify_link: the links and URIs users paste."""

from __future__ import annotations

import pytest

from tonearm.integrations.spotify import InvalidSpotifyLinkError, SpotifyRef, parse_spotify_link

ID = "37i9dQZF1DXcBWIGoYBM5M"


class TestParseSpotifyLink:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (f"https://open.spotify.com/playlist/{ID}", SpotifyRef("playlist", ID)),
            (f"https://open.spotify.com/playlist/{ID}?si=abc123&pt=x", SpotifyRef("playlist", ID)),
            (f"https://open.spotify.com/intl-de/album/{ID}", SpotifyRef("album", ID)),
            (f"https://open.spotify.com/intl-pt-br/track/{ID}?si=1", SpotifyRef("track", ID)),
            (f"  https://open.spotify.com/artist/{ID}/  ", SpotifyRef("artist", ID)),
            (f"spotify:track:{ID}", SpotifyRef("track", ID)),
            (f"spotify:playlist:{ID}", SpotifyRef("playlist", ID)),
        ],
    )
    def test_accepts(self, text: str, expected: SpotifyRef) -> None:
        assert parse_spotify_link(text) == expected

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("", "empty"),
            ("radiohead karma police", "expected"),
            (f"http://open.spotify.com/playlist/{ID}", "https://open.spotify.com"),
            (f"https://evil.example/playlist/{ID}", "https://open.spotify.com"),
            (f"https://open.spotify.com.evil.example/playlist/{ID}", "https://open.spotify.com"),
            (f"https://open.spotify.com/show/{ID}", "not supported"),
            ("https://open.spotify.com/playlist/short", "22"),
            (f"https://open.spotify.com/user/bob/playlist/{ID}", "looks like"),
            (f"spotify:episode:{ID}", "not supported"),
            (f"spotify:user:bob:playlist:{ID}", "spotify:<kind>:<id>"),
            ("spotify:track:0123456789012345678901!", "22"),
        ],
    )
    def test_rejects_with_reason(self, text: str, reason: str) -> None:
        with pytest.raises(InvalidSpotifyLinkError, match=None) as caught:
            parse_spotify_link(text)
        assert reason in str(caught.value)

    def test_ref_uri(self) -> None:
        assert SpotifyRef("album", ID).uri == f"spotify:album:{ID}"
