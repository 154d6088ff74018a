"""Outbound providers (slskd, Spotify) behind one resilient gateway.

Job handlers and services get clients from :class:`ProviderClients` (built once per app or
worker, from the settings in force per call); every request then passes through the gateway:
timeouts, retries with back-off and a deadline, ``Retry-After`` up to a cap, a database-backed
cooldown (:class:`ProviderRateLimited`) and circuit breaker (:class:`CircuitOpen`).
"""

from tonearm.domain.providers.clients import PROVIDERS, ProviderClients
from tonearm.domain.providers.errors import (
    CircuitOpen,
    ProviderError,
    ProviderNotConfigured,
    ProviderRateLimited,
    ProviderUnavailable,
)
from tonearm.domain.providers.gateway import ProviderGateway
from tonearm.domain.providers.health import (
    IntegrationReport,
    IntegrationStatus,
    integrations_report,
    is_configured,
    probe,
)
from tonearm.domain.providers.hooks import PROVIDER_KEYS, reset_changed_providers
from tonearm.domain.providers.policy import GatewayPolicy
from tonearm.domain.providers.spotify_access import ProviderSpotifyAccess
from tonearm.domain.providers.state import ProviderSnapshot
from tonearm.domain.providers.transport import GatewayTransport, operation_name

__all__ = [
    "PROVIDERS",
    "PROVIDER_KEYS",
    "CircuitOpen",
    "GatewayPolicy",
    "GatewayTransport",
    "IntegrationReport",
    "IntegrationStatus",
    "ProviderClients",
    "ProviderError",
    "ProviderGateway",
    "ProviderNotConfigured",
    "ProviderRateLimited",
    "ProviderSnapshot",
    "ProviderSpotifyAccess",
    "ProviderUnavailable",
    "integrations_report",
    "is_configured",
    "operation_name",
    "probe",
    "reset_changed_providers",
]
