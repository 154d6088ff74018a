"""The JSON API: thin routers that parse input, call a service and render."""

__all__: list[str] = []
