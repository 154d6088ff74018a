"""Display filters for the templates: sizes, durations, times."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment

__all__ = ["human_bytes", "human_duration_ms", "human_time", "register_filters"]


def human_bytes(value: int | float | None) -> str:
    """``1536`` → ``1.5 KiB``."""
    if value is None:
        return "–"
    size = float(value)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(size) < 1024 or unit == "TiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"  # pragma: no cover - the loop always returns


def human_duration_ms(value: int | None) -> str:
    """``215000`` → ``3:35``."""
    if value is None:
        return "–"
    seconds = round(value / 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def human_seconds(value: float | None) -> str:
    """``3725`` → ``1h 2m``."""
    if value is None:
        return "–"
    minutes, seconds = divmod(int(value), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m {seconds}s" if minutes else f"{seconds}s"


def human_time(value: datetime | None) -> str:
    """A UTC timestamp as ``2024-05-01 14:03 UTC``."""
    if value is None:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso_time(value: datetime | None) -> str:
    """The machine-readable form for ``<time datetime>``."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def register_filters(env: Environment) -> None:
    """Make the filters available to every template."""
    env.filters["bytes"] = human_bytes
    env.filters["duration"] = human_duration_ms
    env.filters["seconds"] = human_seconds
    env.filters["when"] = human_time
    env.filters["iso"] = iso_time
    env.filters["pager_query"] = pager_query
    env.filters["groupby_ordered"] = groupby_ordered
    env.filters["page_query"] = page_query


def pager_query(params: Mapping[str, str], offset: int) -> str:
    """The current query string with another ``offset`` (and no htmx ``part``)."""
    kept = {k: v for k, v in params.items() if k not in ("offset", "part", "notice") and v}
    kept["offset"] = str(max(0, offset))
    return urlencode(kept)


def groupby_ordered(items: Iterable[Any], attribute: str) -> list[tuple[Any, list[Any]]]:
    """Group consecutive-or-not items by an attribute, keeping first-seen order."""
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(getattr(item, attribute, None), []).append(item)
    return list(groups.items())


def page_query(params: Any, page: int) -> str:
    """The current query string (multi-valued keys kept) with another ``page``."""
    items = [(k, v) for k, v in params.multi_items() if k not in ("page", "notice") and v]
    return urlencode([*items, ("page", str(max(1, page)))])
