"""Engine and session factories, ORM models and Alembic migrations."""

from tonearm.db.base import Base
from tonearm.db.session import Database

__all__ = ["Base", "Database"]
