"""OAuth against the emulator: PKCE, rotating refresh tokens, client credentials, refusals."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.integrations.spotify.conftest import API, BASE
from tests.integration.integrations.spotify.factories import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    authorize_user,
)
from tonearm.integrations.spotify import (
    ClientCredentialsTokenProvider,
    SpotifyAuthError,
    SpotifyClient,
    SpotifyOAuthError,
    TokenSet,
    UserTokenProvider,
    oauth,
)


class TestPkceFlow:
    async def test_code_exchange_gives_user_tokens(self, http: httpx.AsyncClient) -> None:
        tokens = await authorize_user(http, BASE)
        assert tokens.refresh_token
        assert "playlist-read-private" in tokens.scope
        assert not tokens.expires_within(3000)

    async def test_refresh_rotates_and_old_token_fails(self, http: httpx.AsyncClient) -> None:
        tokens = await authorize_user(http, BASE)
        assert tokens.refresh_token is not None
        renewed = await oauth.refresh(http, BASE, CLIENT_ID, tokens.refresh_token)
        assert renewed.refresh_token not in (None, tokens.refresh_token)
        assert renewed.access_token != tokens.access_token
        with pytest.raises(SpotifyOAuthError) as caught:
            await oauth.refresh(http, BASE, CLIENT_ID, tokens.refresh_token)
        assert caught.value.error == "invalid_grant"
        assert renewed.refresh_token is not None
        again = await oauth.refresh(http, BASE, CLIENT_ID, renewed.refresh_token)
        assert again.refresh_token != renewed.refresh_token

    async def test_wrong_verifier_is_refused(self, http: httpx.AsyncClient) -> None:
        verifier = oauth.generate_code_verifier()
        url = oauth.build_authorize_url(
            BASE, CLIENT_ID, REDIRECT_URI, "s1", oauth.code_challenge_s256(verifier)
        )
        code, _ = oauth.parse_redirected_url((await http.get(url)).headers["location"])
        with pytest.raises(SpotifyOAuthError) as caught:
            await oauth.exchange_code(
                http, BASE, CLIENT_ID, code, REDIRECT_URI, oauth.generate_code_verifier()
            )
        assert caught.value.error == "invalid_grant"

    async def test_code_is_single_use(self, http: httpx.AsyncClient) -> None:
        verifier = oauth.generate_code_verifier()
        challenge = oauth.code_challenge_s256(verifier)
        url = oauth.build_authorize_url(BASE, CLIENT_ID, REDIRECT_URI, "s2", challenge)
        code, _ = oauth.parse_redirected_url((await http.get(url)).headers["location"])
        await oauth.exchange_code(http, BASE, CLIENT_ID, code, REDIRECT_URI, verifier)
        with pytest.raises(SpotifyOAuthError):
            await oauth.exchange_code(http, BASE, CLIENT_ID, code, REDIRECT_URI, verifier)

    async def test_localhost_redirect_is_refused_by_authorize(
        self, http: httpx.AsyncClient
    ) -> None:
        url = oauth.build_authorize_url(
            BASE, CLIENT_ID, "http://localhost:8765/callback", "s3", "x" * 43
        )
        response = await http.get(url)
        assert response.status_code == 400
        assert "redirect" in response.text.lower()

    async def test_rotation_is_persisted_through_callback(self, http: httpx.AsyncClient) -> None:
        saved: list[TokenSet] = []

        async def persist(tokens: TokenSet) -> None:
            saved.append(tokens)

        tokens = await authorize_user(http, BASE)
        provider = UserTokenProvider(http, BASE, CLIENT_ID, tokens, on_refresh=persist)
        provider.invalidate()
        await provider.get_token()
        assert len(saved) == 1
        assert saved[0].refresh_token != tokens.refresh_token


class TestClientCredentials:
    async def test_app_token_reads_catalogue_not_me(self, http: httpx.AsyncClient) -> None:
        provider = ClientCredentialsTokenProvider(http, BASE, CLIENT_ID, CLIENT_SECRET)
        client = SpotifyClient(http, API, provider)
        results = await client.search("glory box", ["track"])
        assert results.tracks is not None
        assert results.tracks.items[0].name == "Glory Box"
        with pytest.raises(SpotifyAuthError) as caught:
            await client.get_me()
        assert caught.value.status == 403

    async def test_bad_secret_is_refused(self, http: httpx.AsyncClient) -> None:
        with pytest.raises(SpotifyOAuthError) as caught:
            await oauth.client_credentials(http, BASE, CLIENT_ID, "wrong")
        assert caught.value.error == "invalid_client"
        assert caught.value.status == 401

    async def test_token_set_hides_secrets_in_repr(self, http: httpx.AsyncClient) -> None:
        tokens = await oauth.client_credentials(http, BASE, CLIENT_ID, CLIENT_SECRET)
        assert tokens.refresh_token is None
        assert tokens.access_token not in repr(tokens)
