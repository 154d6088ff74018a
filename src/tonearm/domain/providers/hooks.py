"""Reaction to settings changes: a provider whose endpoint or credentials changed starts afresh
(its old failures, circuit and cooldown are about another configuration)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.domain.providers import state
from tonearm.domain.providers.clients import ProviderClients

__all__ = ["PROVIDER_KEYS", "reset_changed_providers"]

PROVIDER_KEYS = {
    "slskd": frozenset({"slskd_url", "slskd_api_key"}),
    "spotify": frozenset({"spotify_client_id", "spotify_client_secret"}),
}


async def reset_changed_providers(
    session: AsyncSession, clients: ProviderClients, changed: Iterable[str]
) -> list[str]:
    """Reset the shared state of every provider whose settings changed (in the caller's
    transaction) and drop cached app tokens; returns the providers reset."""
    keys = set(changed)
    reset = [name for name, names in PROVIDER_KEYS.items() if keys & names]
    if "spotify" in reset:
        clients.forget_cached_tokens()
    now = clients.gateway.clock()
    for provider in reset:
        await state.reset_state(session, provider, now)
    return reset
