"""Tiny generic helpers with no knowledge of Tonearm's domain."""

__all__: list[str] = []
