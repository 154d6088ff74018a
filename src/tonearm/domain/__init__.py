"""Business logic by area. Services flush, never commit; the caller owns the transaction."""

__all__: list[str] = []
