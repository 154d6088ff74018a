"""Import parsers: free-text lines, Exportify CSV, M3U8, links, and fuzzing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tonearm.domain.imports import parse_csv, parse_links, parse_m3u, parse_text, parse_upload

EXPORTIFY_CSV = (
    '"Track URI","Track Name","Artist URI(s)","Artist Name(s)","Album URI","Album Name",'
    '"Album Artist URI(s)","Album Artist Name(s)","Album Release Date","Album Image URL",'
    '"Disc Number","Track Number","Track Duration (ms)","Duration (ms)","Explicit","ISRC"\n'
    '"spotify:track:4uLU6hMCjMI75M1A2tKUQC","Never Gonna Give You Up",'
    '"spotify:artist:0gxyHStUsqpMadRV0Di1Qt","Rick Astley","spotify:album:6N9PS4QXF1D0OWPk0Sxtb4",'
    '"Whenever You Need Somebody","spotify:artist:0gxyHStUsqpMadRV0Di1Qt","Rick Astley",'
    '"1987-11-12","https://i.scdn.co/image/x","1","1","213573","213573","false","GBARL9300135"\n'
    '"spotify:track:7ouMYWpwJ422jRcDASZB7P","Get Lucky (feat. Pharrell Williams)",'
    '"spotify:artist:4tZwfgrHOc3mvqYlEYSvVi","Daft Punk, Pharrell Williams","","Random Access '
    'Memories","","Daft Punk","2013-05-17","","1","8","369626","369626","false","USQX91300108"\n'
    '"","","","","","","","","","","","","","","",""\n'
    '"not-a-uri","","","","","","","","","","","","","","",""\n'
)

M3U8 = """#EXTM3U
#EXTINF:213,Rick Astley - Never Gonna Give You Up
/music/Rick Astley/Never Gonna Give You Up.mp3
#EXTINF:-1,Daft Punk – Get Lucky
http://stream.example/lucky.mp3
# a comment
/music/Radiohead - Karma Police.flac
#EXTINF:100,no separator here
/music/x.mp3
"""


def test_free_text_lines_tolerate_numbering_bullets_and_dashes() -> None:
    result = parse_text(
        "1. Daft Punk - Get Lucky\n"
        "02 - Radiohead – Karma Police | OK Computer 4:21\n"
        "• A-ha — Take On Me [Hunting High and Low]\n"
        "* Artist feat. Guest - Song\n"
        "not a track\n"
        "Daft Punk - Get Lucky\n"
    )
    titles = [(e.track.artists, e.track.title, e.track.album) for e in result.entries]
    assert titles == [
        (["Daft Punk"], "Get Lucky", None),
        (["Radiohead"], "Karma Police", "OK Computer"),
        (["A-ha"], "Take On Me", "Hunting High and Low"),
        (["Artist", "Guest"], "Song", None),
    ]
    assert result.entries[1].track.duration_ms == 261_000
    assert [(s.value, s.reason) for s in result.skipped] == [
        ("not a track", "invalid"),
        ("Daft Punk - Get Lucky", "duplicate"),
    ]


def test_exportify_csv() -> None:
    result = parse_upload("liked.csv", EXPORTIFY_CSV.encode())
    first, second = result.entries
    assert first.track.spotify_id == "4uLU6hMCjMI75M1A2tKUQC"
    assert first.track.clean_isrc == "GBARL9300135"
    assert first.track.duration_ms == 213_573
    assert second.track.artists == ["Daft Punk", "Pharrell Williams"]
    assert second.track.album == "Random Access Memories"
    assert [s.reason for s in result.skipped] == ["invalid"]


def test_m3u8_with_extinf() -> None:
    result = parse_m3u(M3U8)
    tracks = [(e.track.artists[0], e.track.title, e.track.duration_ms) for e in result.entries]
    assert tracks == [
        ("Rick Astley", "Never Gonna Give You Up", 213_000),
        ("Daft Punk", "Get Lucky", None),
        ("Radiohead", "Karma Police", None),
    ]
    assert [s.reason for s in result.skipped] == ["invalid"]


def test_links_are_validated_with_precise_reasons() -> None:
    good = "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M"
    result = parse_links(
        [
            good,
            good,
            "spotify:album:4aawyAB9vmqN3uQ7FjRGTy",
            "spotify:show:4aawyAB9vmqN3uQ7FjRGTy",
            "https://evil.example/playlist/37i9dQZF1DXcBWIGoYBM5M",
            42,
        ]
        + ["spotify:track:4uLU6hMCjMI75M1A2tKUQC"] * 100
    )
    assert [e.link_kind for e in result.entries] == ["playlist", "album", "track"]
    reasons = [s.reason for s in result.skipped]
    assert reasons[:4] == ["duplicate", "unsupported", "invalid", "invalid"]
    assert reasons.count("too_many") == 6


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_every_text_line_is_accepted_or_skipped(text: str) -> None:
    result = parse_text(text)
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(result.entries) + len(result.skipped) == len(lines)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["a.csv", "a.json", "a.m3u8", "a.txt", "a.xyz"]))
def test_uploads_never_raise(data: bytes, name: str) -> None:
    result = parse_upload(name, data)
    assert all(s.reason for s in result.skipped)
    csv_result = parse_csv(data.decode("latin-1"))
    assert all(s.reason for s in csv_result.skipped)
