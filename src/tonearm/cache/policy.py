"""How a route opts in to the response cache: ``@cached(tags=..., ttl_s=...)``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.routing import BaseRoute, Route

__all__ = [
    "CACHE_ATTRIBUTE",
    "CachePolicy",
    "cached",
    "cached_route_list",
    "cached_routes",
    "iter_routes",
    "policy_of",
]

CACHE_ATTRIBUTE = "__tonearm_cache__"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CachePolicy:
    """Tags are templates formatted with the route's path parameters
    (``"playlist:{id}"``); ``ttl_s`` bounds how long an entry may live without invalidation."""

    tags: tuple[str, ...]
    ttl_s: float

    def tags_for(self, path_params: dict[str, Any]) -> list[str]:
        """The concrete tags of one request."""
        return [tag.format(**path_params) for tag in self.tags]


def cached(*, tags: tuple[str, ...] | list[str], ttl_s: float = 300.0) -> Callable[[F], F]:
    """Mark a GET endpoint as cacheable; apply it *under* the router decorator."""
    if ttl_s <= 0:
        raise ValueError("ttl_s must be positive")
    policy = CachePolicy(tuple(tags), ttl_s)

    def mark(endpoint: F) -> F:
        setattr(endpoint, CACHE_ATTRIBUTE, policy)
        return endpoint

    return mark


def policy_of(route: BaseRoute) -> CachePolicy | None:
    """The cache policy of ``route``, if it opted in."""
    endpoint = getattr(route, "endpoint", None)
    policy = getattr(endpoint, CACHE_ATTRIBUTE, None)
    return policy if isinstance(policy, CachePolicy) else None


def iter_routes(routes: Iterable[Any]) -> Iterator[BaseRoute]:
    """Every leaf route, looking into included routers (however FastAPI stores them)."""
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            yield from iter_routes(nested.routes)
        elif isinstance(route, BaseRoute):
            yield route


def cached_route_list(routes: Iterable[Any]) -> list[tuple[Route, CachePolicy]]:
    """The routes that opted in, with their policies."""
    found: list[tuple[Route, CachePolicy]] = []
    for route in iter_routes(routes):
        policy = policy_of(route)
        if policy is not None and isinstance(route, Route):
            found.append((route, policy))
    return found


def cached_routes(routes: Iterable[Any]) -> dict[str, CachePolicy]:
    """Every cached route template and its policy (for docs and tests)."""
    return {route.path: policy for route, policy in cached_route_list(routes)}
