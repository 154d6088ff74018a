"""The ``tonearm`` command line."""

__all__: list[str] = []
