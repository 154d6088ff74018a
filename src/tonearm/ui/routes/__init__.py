"""The UI's routes, one module per page."""

from fastapi import APIRouter

from tonearm.ui.routes import (
    activity,
    artists,
    auth,
    dashboard,
    downloads,
    imports,
    jobs,
    library,
    search,
    settings,
    spotify,
    system,
)

__all__ = ["PAGE_MODULES", "build_router"]

PAGE_MODULES = (
    auth,
    dashboard,
    spotify,
    imports,
    downloads,
    search,
    artists,
    library,
    activity,
    jobs,
    settings,
    system,
)


def build_router() -> APIRouter:
    """Every page of the UI on one router (hidden from the OpenAPI description)."""
    router = APIRouter(include_in_schema=False)
    for module in PAGE_MODULES:
        router.include_router(module.router)
    return router
