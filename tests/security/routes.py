"""Enumerate every route an app serves (OpenAPI operations, hidden routes, mounts)."""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.routing import Mount, Route

from tonearm.app import PUBLIC_PATHS, PUBLIC_PREFIXES

__all__ = ["concrete", "is_public", "served_routes"]

_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


def served_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path template) the app answers, from OpenAPI and the router itself."""
    routes = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    for route in app.routes:
        if isinstance(route, Route):
            routes.update((m, route.path) for m in (route.methods or {"GET"}) if m != "HEAD")
        elif isinstance(route, Mount):
            routes.add(("GET", route.path.rstrip("/") + "/probe"))
    return routes


def is_public(path: str) -> bool:
    """Whether the allowlist lets ``path`` through without a key."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def concrete(path: str) -> str:
    """A request path for a template: every parameter becomes a plausible value."""
    return _PARAM.sub(lambda m: "spotify:abc" if m.group(1) == "artist_key" else "1", path)
