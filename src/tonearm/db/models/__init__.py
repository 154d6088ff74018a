"""ORM models, one module per table. Importing this package registers every table."""

from tonearm.db.models.activity_event import ActivityEvent
from tonearm.db.models.setting import Setting

__all__ = ["ActivityEvent", "Setting"]
