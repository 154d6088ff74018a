"""Typed factories for Spotify emulator data files and tokens, shared by the Spotify tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx

from tonearm.integrations.spotify import oauth
from tonearm.integrations.spotify.oauth import TokenSet

DEMO_DATA = (
    Path(__file__).resolve().parents[4]
    / "src"
    / "tonearm"
    / "emulators"
    / "data"
    / "spotify_demo.json"
)
CLIENT_ID = "tonearm-demo"
CLIENT_SECRET = "tonearm-demo-secret"
REDIRECT_URI = "http://127.0.0.1:8765/callback"
DEMO_USER = "tonearm-demo-user"
OTHER_USER = "someone-else"

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def create_spotify_id(key: str) -> str:
    """A stable 22-character base62 id derived from `key`."""
    number = int.from_bytes(hashlib.sha256(key.encode()).digest(), "big")
    chars = []
    for _ in range(22):
        number, digit = divmod(number, 62)
        chars.append(_B62[digit])
    return "".join(chars)


BIG_PLAYLIST_ID = create_spotify_id("playlist:big")
GAPPY_PLAYLIST_ID = create_spotify_id("playlist:gappy")
OTHER_PUBLIC_ID = create_spotify_id("playlist:other-public")
OTHER_PRIVATE_ID = create_spotify_id("playlist:other-private")
BIG_ALBUM_ID = create_spotify_id("album:big")
BIG_ARTIST_ID = create_spotify_id("artist:big")


def create_spotify_data(big_playlist_size: int = 260) -> dict[str, Any]:
    """The demo data plus a long playlist, a playlist with gaps and another user's playlists."""
    data: dict[str, Any] = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    data["users"].append({"id": OTHER_USER, "display_name": "Someone Else", "country": "FR"})
    data["artists"].append({"id": BIG_ARTIST_ID, "name": "The Long Players", "genres": ["test"]})
    data["albums"].append(
        {
            "id": BIG_ALBUM_ID,
            "name": "Endless Pressing",
            "album_type": "compilation",
            "release_date": "2020",
            "release_date_precision": "year",
            "artist_ids": [BIG_ARTIST_ID],
            "image_size": 300,
        }
    )
    big_ids = [create_spotify_id(f"track:big:{n}") for n in range(big_playlist_size)]
    for number, track_id in enumerate(big_ids, start=1):
        data["tracks"].append(
            {
                "id": track_id,
                "name": f"Groove No. {number}",
                "album_id": BIG_ALBUM_ID,
                "artist_ids": [BIG_ARTIST_ID],
                "duration_ms": 180_000 + number,
                "track_number": number,
                "disc_number": 1,
                "explicit": False,
                "isrc": f"QZTST20{number:05d}",
            }
        )
    demo_tracks = [t["id"] for t in data["tracks"][:3]]
    missing = create_spotify_id("track:deleted")
    data["playlists"] += [
        _playlist(BIG_PLAYLIST_ID, "Long Playlist", DEMO_USER, big_ids),
        _playlist(
            GAPPY_PLAYLIST_ID, "With Gaps", DEMO_USER, [demo_tracks[0], missing, demo_tracks[1]]
        ),
        _playlist(OTHER_PUBLIC_ID, "Their Public", OTHER_USER, demo_tracks),
        _playlist(OTHER_PRIVATE_ID, "Their Private", OTHER_USER, demo_tracks, public=False),
    ]
    return data


def _playlist(
    id_: str, name: str, owner: str, track_ids: list[str], public: bool = True
) -> dict[str, Any]:
    return {"id": id_, "name": name, "owner_id": owner, "public": public, "track_ids": track_ids}


def write_data(path: Path, data: dict[str, Any]) -> Path:
    """Write a data file (atomically, as an editor saving it would)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(path)
    return path


async def authorize_user(http: httpx.AsyncClient, accounts_url: str) -> TokenSet:
    """Run the PKCE flow against the emulator: authorize, read the redirect, exchange."""
    verifier = oauth.generate_code_verifier()
    state = oauth.generate_state()
    url = oauth.build_authorize_url(
        accounts_url,
        CLIENT_ID,
        REDIRECT_URI,
        state,
        oauth.code_challenge_s256(verifier),
        ["playlist-read-private", "user-library-read", "user-follow-read"],
    )
    response = await http.get(url, follow_redirects=False)
    assert response.status_code == 302, response.text
    code, returned_state = oauth.parse_redirected_url(response.headers["location"])
    assert returned_state == state
    return await oauth.exchange_code(http, accounts_url, CLIENT_ID, code, REDIRECT_URI, verifier)
