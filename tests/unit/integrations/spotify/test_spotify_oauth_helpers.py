"""Pure OAuth helpers: PKCE, redirect URI rules, the pasted redirect URL, Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tonearm.integrations.spotify import InvalidRedirectUrlError, oauth, parse_retry_after


class TestPkce:
    def test_rfc7636_example(self) -> None:
        verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        assert oauth.code_challenge_s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

    def test_verifier_shape(self) -> None:
        verifier = oauth.generate_code_verifier()
        assert len(verifier) == 64
        assert verifier != oauth.generate_code_verifier()
        with pytest.raises(ValueError):
            oauth.generate_code_verifier(42)

    def test_authorize_url(self) -> None:
        url = oauth.build_authorize_url(
            "https://accounts.spotify.com/", "cid", "http://127.0.0.1:1/cb", "st", "ch", ["a", "b"]
        )
        parts = urlsplit(url)
        assert (parts.netloc, parts.path) == ("accounts.spotify.com", "/authorize")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query == {
            "client_id": "cid",
            "response_type": "code",
            "redirect_uri": "http://127.0.0.1:1/cb",
            "state": "st",
            "code_challenge_method": "S256",
            "code_challenge": "ch",
            "scope": "a b",
        }


class TestRedirectUri:
    @pytest.mark.parametrize(
        "uri",
        [
            "https://tonearm.example.org/callback",
            "http://127.0.0.1:8888/callback",
            "http://[::1]:8888/callback",
        ],
    )
    def test_acceptable(self, uri: str) -> None:
        assert oauth.validate_redirect_uri(uri) == []

    @pytest.mark.parametrize(
        ("uri", "words"),
        [
            ("http://localhost:8888/callback", "localhost"),
            ("http://192.168.1.10:8888/callback", "loopback"),
            ("http://tonearm.lan/callback", "loopback"),
            ("ftp://127.0.0.1/callback", "https"),
            ("https://host/cb#frag", "fragment"),
        ],
    )
    def test_problems(self, uri: str, words: str) -> None:
        problems = oauth.validate_redirect_uri(uri)
        assert problems
        assert any(words in p for p in problems)


class TestParseRedirectedUrl:
    def test_code_and_state(self) -> None:
        url = "http://127.0.0.1:8888/callback?code=AQD123&state=xyz"
        assert oauth.parse_redirected_url(url) == ("AQD123", "xyz")

    @pytest.mark.parametrize(
        ("url", "words"),
        [
            ("http://127.0.0.1:8888/callback?error=access_denied&state=x", "access_denied"),
            ("http://127.0.0.1:8888/callback?state=x", "code"),
            ("http://127.0.0.1:8888/callback?code=abc", "state"),
        ],
    )
    def test_refused(self, url: str, words: str) -> None:
        with pytest.raises(InvalidRedirectUrlError) as caught:
            oauth.parse_redirected_url(url)
        assert words in str(caught.value)


class TestRetryAfter:
    def test_seconds_date_and_fallback(self) -> None:
        now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
        assert parse_retry_after("120") == 120.0
        assert parse_retry_after("Thu, 01 Jan 2026 12:01:30 GMT", now=now) == 90.0
        assert parse_retry_after(None) == 5.0
        assert parse_retry_after("soon") == 5.0
