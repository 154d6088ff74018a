"""ORM models, one module per table. Importing this package registers every table."""

from tonearm.db.models.activity_event import ActivityEvent
from tonearm.db.models.setting import Setting
from tonearm.db.models.track import TRACK_STATES, Track

__all__ = ["TRACK_STATES", "ActivityEvent", "Setting", "Track"]
