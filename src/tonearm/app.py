"""The composition root: ``create_app(settings)`` builds every object once and wires them."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm import __version__
from tonearm.api.deps import Services
from tonearm.api.errors import install_error_handlers
from tonearm.api.middleware import (
    AuthMiddleware,
    BodyLimitMiddleware,
    NulByteMiddleware,
    RequestContextMiddleware,
)
from tonearm.api.routes import (
    activity,
    admin_artists,
    artists,
    health,
    imports,
    jobs,
    playlists,
    search,
    system,
    tracks,
    watchlist,
)
from tonearm.api.routes import integrations as integrations_routes
from tonearm.api.routes import settings as settings_routes
from tonearm.api.routes import spotify as spotify_routes
from tonearm.api.routes.downloads import router as downloads_router
from tonearm.api.routes.library import router as library_router
from tonearm.cache import ResponseCacheMiddleware, build_cache
from tonearm.config import Settings
from tonearm.db import Database
from tonearm.domain.acquisition.metrics import refresh_download_gauge
from tonearm.domain.jobs import job_counts, load_tasks
from tonearm.domain.playlists import evict_on_credentials_change
from tonearm.domain.providers import (
    GatewayPolicy,
    ProviderClients,
    ProviderGateway,
    ProviderSpotifyAccess,
    probe,
    reset_changed_providers,
)
from tonearm.kit.crypto import SecretBox
from tonearm.observability import Metrics, redactor
from tonearm.orchestrator import Scheduler, Worker, WorkerOptions
from tonearm.orchestrator.admin import oldest_waiting_age
from tonearm.security import ApiKeyStore
from tonearm.ui import install_ui, make_session_check

__all__ = [
    "PUBLIC_PATHS",
    "PUBLIC_PREFIXES",
    "build_services",
    "create_app",
    "job_services",
    "wire_background",
    "worker_options",
]

PUBLIC_PATHS = frozenset(
    {"/api/health/live", "/login", "/api/v1/spotify/oauth/callback", "/favicon.ico"}
)
PUBLIC_PREFIXES = ("/static/",)
UPLOAD_PREFIXES = ("/api/v1/imports/upload", "/imports/upload")


def build_services(settings: Settings) -> Services:
    """Create the shared objects (nothing is connected yet)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keys = ApiKeyStore(settings)
    for secret in (settings.spotify_client_secret, settings.slskd_api_key, settings.api_key):
        if secret is not None:
            redactor.add_secret(secret.get_secret_value())
    redactor.add_secret(keys.current())
    return Services(
        settings=settings,
        db=Database(settings.resolved_database_url),
        metrics=Metrics(),
        keys=keys,
        box=SecretBox.from_data_dir(settings.data_dir),
        started_at=time.time(),
    )


def create_app(settings: Settings, services: Services | None = None) -> FastAPI:
    """Build the ASGI app for ``settings``; admin routes exist only when the flag is on."""
    services = services or build_services(settings)
    wire_background(services)
    _wire_orchestrator(services)
    # Before the middleware is built: the auth middleware accepts UI sessions through it.
    services.extras.setdefault("session_check", make_session_check(services))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for start in services.extras.get("on_startup", []):
            await start()
        try:
            yield
        finally:
            for stop in reversed(services.extras.get("on_shutdown", [])):
                await stop()
            await services.db.dispose()

    app = FastAPI(
        title="Tonearm",
        version=__version__,
        summary="Self-hosted music automation hub",
        lifespan=lifespan,
        # Requests are observed by Tonearm's own events and metrics (docs/observability.md);
        # FastAPI's OpenTelemetry hooks would only look for providers on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.services = services
    install_error_handlers(app)
    for router in (
        health.router,
        system.router,
        activity.router,
        settings_routes.router,
        jobs.router,
        downloads_router,
        library_router,
        playlists.router,
        imports.router,
        tracks.router,
        artists.router,
        watchlist.router,
        search.router,
    ):
        app.include_router(router)
    app.include_router(spotify_routes.router)
    app.include_router(integrations_routes.router)
    if settings.feature_admin_api:
        app.include_router(admin_artists.router)
    install_ui(app, services)
    _install_middleware(app, services)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _wire_cache(services: Services) -> None:
    """The response cache; the domain receives it as its ``Invalidator``."""
    extras = services.extras
    if "cache" not in extras:
        settings = services.settings
        cache = build_cache(
            settings.cache_url, services.metrics, max_entries=settings.cache_max_entries
        )
        extras["cache"] = cache
        extras.setdefault("on_shutdown", []).append(cache.close)
    extras.setdefault("invalidator", extras["cache"])

    async def on_settings_changed(session: AsyncSession, changed: list[str]) -> None:
        await evict_on_credentials_change(session, changed, extras["invalidator"])

    extras.setdefault("settings_hooks", []).append(on_settings_changed)


def wire_background(services: Services) -> None:
    """What job handlers need, for an app or a standalone worker: providers and the cache."""
    _wire_providers(services)
    _wire_cache(services)


def job_services(services: Services) -> dict[str, Any]:
    """The mapping every job handler receives as ``ctx.services``."""
    extras = services.extras
    return {
        "settings": services.settings,
        "db": services.db,
        "box": services.box,
        "metrics": services.metrics,
        "providers": extras.get("providers"),
        "invalidator": extras.get("invalidator"),
        "spotify_access": extras.get("spotify_access"),
    }


def worker_options(settings: Settings) -> WorkerOptions:
    """Lease timing of every worker (embedded or standalone) from the settings."""
    lease_s = settings.worker_lease_s
    return WorkerOptions(lease_s=lease_s, reap_every_s=min(5.0, lease_s / 2))


def _wire_orchestrator(services: Services) -> None:
    """Queue counts for the dashboard; queue and download gauges; the embedded worker and
    scheduler."""
    extras = services.extras
    if "queue_counts" in extras:
        return
    extras["queue_counts"] = job_counts

    async def collect_queue_metrics() -> None:
        async with services.db.transaction(readonly=True) as session:
            counts = await job_counts(session)
            oldest = await oldest_waiting_age(session)
            await refresh_download_gauge(session, services.metrics)
        for status, count in counts.items():
            services.metrics.queue_depth.labels(status).set(count)
        services.metrics.oldest_waiting.set(oldest)

    services.metrics.on_scrape(collect_queue_metrics)
    if not services.settings.embedded_worker:
        return
    registry = load_tasks()
    worker = Worker(
        services.db,
        registry,
        concurrency=services.settings.worker_concurrency,
        services=job_services(services),
        metrics=services.metrics,
        options=worker_options(services.settings),
    )
    scheduler = Scheduler(services.db, registry.schedules)
    extras["worker"] = worker
    extras["scheduler"] = scheduler
    extras.setdefault("on_startup", []).extend([worker.start, scheduler.start])
    extras.setdefault("on_shutdown", []).extend([worker.stop, scheduler.stop])


def _wire_providers(services: Services) -> None:
    """The provider gateway and clients, readiness probes, the settings hook, Spotify access."""
    extras = services.extras
    if "providers" in extras:
        return
    settings = services.settings
    gateway = ProviderGateway(
        services.db, policy=GatewayPolicy.from_settings(settings), metrics=services.metrics
    )
    clients = ProviderClients(gateway, transport=extras.get("provider_transport"))
    extras["providers"] = clients
    extras.setdefault("spotify_access", ProviderSpotifyAccess(clients, settings, services.box))

    async def probe_slskd(effective: Settings) -> dict[str, Any]:
        return await probe(clients, "slskd", effective)

    async def probe_spotify(effective: Settings) -> dict[str, Any]:
        return await probe(clients, "spotify", effective)

    async def on_settings_changed(session: AsyncSession, changed: list[str]) -> None:
        await reset_changed_providers(session, clients, changed)

    extras.setdefault("readiness_probes", {}).update(
        {"slskd": probe_slskd, "spotify": probe_spotify}
    )
    extras.setdefault("settings_hooks", []).append(on_settings_changed)
    extras.setdefault("on_shutdown", []).append(clients.aclose)


def _install_middleware(app: FastAPI, services: Services) -> None:
    settings = services.settings
    # Innermost: only authorised requests reach the cache.
    app.add_middleware(ResponseCacheMiddleware, cache=services.extras["cache"], routes_app=app)
    # Added last runs first: request context wraps auth wraps the body cap.
    app.add_middleware(
        BodyLimitMiddleware,
        json_limit=settings.max_json_bytes,
        upload_limit=settings.max_upload_bytes,
        upload_prefixes=UPLOAD_PREFIXES,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["X-API-Key", "Authorization", "Content-Type", "If-None-Match"],
        )
    app.add_middleware(
        AuthMiddleware,
        keys=services.keys,
        public_paths=PUBLIC_PATHS,
        public_prefixes=PUBLIC_PREFIXES,
        session_check=services.extras.get("session_check"),
    )
    app.add_middleware(NulByteMiddleware)
    app.add_middleware(RequestContextMiddleware, metrics=services.metrics)


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, summary=app.summary, routes=app.routes
    )
    schema.setdefault("components", {})["securitySchemes"] = {
        "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        "BearerAuth": {"type": "http", "scheme": "bearer"},
    }
    schema["security"] = [{"ApiKeyHeader": []}, {"BearerAuth": []}]
    for path in PUBLIC_PATHS:
        for operation in schema.get("paths", {}).get(path, {}).values():
            operation["security"] = []
    app.openapi_schema = schema
    return schema
