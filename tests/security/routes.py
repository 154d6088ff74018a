"""Enumerate every route an app serves by walking its router, included routers and mounts.

FastAPI keeps an included router as one entry of ``app.router.routes`` that points at the
original router (``original_router``, with the include's ``include_context.prefix``); the walk
follows those links, so API routes, UI pages and mounts are all found without OpenAPI's help.
Tests compare the walk with the OpenAPI document and assert minimum counts, so a change in
FastAPI's internals fails loudly instead of leaving zero routes to check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from starlette.routing import BaseRoute, Mount, Route

from tonearm.app import PUBLIC_PATHS, PUBLIC_PREFIXES

__all__ = [
    "WRITE_METHODS",
    "ServedRoute",
    "concrete",
    "is_public",
    "openapi_operations",
    "served_routes",
    "ui_writes",
    "walk_routes",
]

_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, order=True)
class ServedRoute:
    """One method on one path template, and the module of the function that answers it."""

    method: str
    path: str
    module: str

    @property
    def is_ui(self) -> bool:
        return self.module.startswith("tonearm.ui.")


def _included(route: BaseRoute) -> tuple[Sequence[BaseRoute], str] | None:
    """The routes and prefix of an included router entry, if ``route`` is one."""
    original: Any = getattr(route, "original_router", None)
    if original is None:
        return None
    context: Any = getattr(route, "include_context", None)
    return original.routes, getattr(context, "prefix", "") or ""


def walk_routes(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[ServedRoute]:
    """Every (method, path) below ``routes``, following included routers and mounts."""
    for route in routes:
        included = _included(route)
        if included is not None:
            children, child_prefix = included
            yield from walk_routes(children, prefix + child_prefix)
        elif isinstance(route, Mount):
            mounted = prefix + route.path.rstrip("/")
            if route.routes:
                yield from walk_routes(route.routes, mounted)
            else:  # an ASGI app (static files): probe one path below it
                yield ServedRoute("GET", mounted + "/probe", type(route.app).__module__)
        elif isinstance(route, Route):
            module = getattr(route.endpoint, "__module__", "") or ""
            for method in sorted(route.methods or {"GET"}):
                if method != "HEAD":
                    yield ServedRoute(method, prefix + route.path, module)


def served_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path template) the app answers, found by walking its router."""
    return {(r.method, r.path) for r in walk_routes(app.router.routes)}


def openapi_operations(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) of the OpenAPI document."""
    return {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }


def ui_writes(app: FastAPI) -> list[ServedRoute]:
    """Every UI route that changes something (POST, PUT, PATCH, DELETE), but the login form."""
    return sorted(
        r
        for r in walk_routes(app.router.routes)
        if r.is_ui and r.method in WRITE_METHODS and not is_public(r.path)
    )


def is_public(path: str) -> bool:
    """Whether the allowlist lets ``path`` through without a key."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def concrete(path: str) -> str:
    """A request path for a template: every parameter becomes a plausible value."""
    return _PARAM.sub(lambda m: "spotify:abc" if m.group(1) == "artist_key" else "1", path)
