"""Emulators: small ASGI apps speaking the wire APIs of Spotify and slskd, for tests and demos."""

__all__: list[str] = []
