"""Typed clients of the outside systems Tonearm talks to (Spotify, slskd)."""

__all__: list[str] = []
