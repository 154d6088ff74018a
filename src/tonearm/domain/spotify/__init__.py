"""Spotify in the domain: modes (FREE, client credentials, PRO), the encrypted token store with
serialised refresh, the OAuth (PKCE) flow and the status."""

from tonearm.domain.spotify.oauth_flow import (
    REDIRECT_RULES,
    SCOPES,
    AuthorizationStart,
    complete_authorization,
    complete_from_redirected_url,
    redirect_uri_problems,
    start_authorization,
)
from tonearm.domain.spotify.status import (
    SpotifyStatus,
    client_credentials,
    credentials_configured,
    ensure_pro,
    spotify_status,
)
from tonearm.domain.spotify.tokens import (
    DbUserTokenProvider,
    StoredTokens,
    delete_tokens,
    load_tokens,
    save_tokens,
)

__all__ = [
    "REDIRECT_RULES",
    "SCOPES",
    "AuthorizationStart",
    "DbUserTokenProvider",
    "SpotifyStatus",
    "StoredTokens",
    "client_credentials",
    "complete_authorization",
    "complete_from_redirected_url",
    "credentials_configured",
    "delete_tokens",
    "ensure_pro",
    "load_tokens",
    "redirect_uri_problems",
    "save_tokens",
    "spotify_status",
    "start_authorization",
]
