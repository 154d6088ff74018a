"""Multi-row ``INSERT`` statements for executemany of plain row dicts, sized for both databases."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Insert, Table, insert

__all__ = ["BULK_PAGE_ROWS", "bulk_insert", "table_of"]

# PostgreSQL plans one VALUES page of 1,000 rows (SQLAlchemy's default) of two dozen columns
# several times slower per row than pages of a few hundred; SQLite does not mind either way.
BULK_PAGE_ROWS = 250


def table_of(model: Any) -> Table:
    """The table of a mapped class."""
    return cast(Table, model.__table__)


def bulk_insert(model: Any) -> Insert:
    """``INSERT`` into ``model``'s table (the table, not the mapped class: no per-row ORM
    bookkeeping) in VALUES pages of :data:`BULK_PAGE_ROWS` rows."""
    return insert(table_of(model)).execution_options(insertmanyvalues_page_size=BULK_PAGE_ROWS)
