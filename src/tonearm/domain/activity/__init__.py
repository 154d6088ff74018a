"""The activity feed: what happened, for people (not logs)."""

from tonearm.domain.activity.schemas import ActivityEventOut, ActivityPage
from tonearm.domain.activity.service import list_activity, record_activity

__all__ = ["ActivityEventOut", "ActivityPage", "list_activity", "record_activity"]
