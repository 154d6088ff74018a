"""Foundation: settings overrides and the activity feed.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tonearm.db.base import BigIntPK, JSONValue, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", JSONValue, nullable=True),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "activity_event",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("entity_type", sa.String(32), nullable=True),
        sa.Column("entity_id", sa.String(128), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", JSONValue, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_event")),
    )
    op.create_index("ix_activity_event_type_id", "activity_event", ["type", "id"])
    op.create_index(
        "ix_activity_event_entity", "activity_event", ["entity_type", "entity_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_activity_event_entity", table_name="activity_event")
    op.drop_index("ix_activity_event_type_id", table_name="activity_event")
    op.drop_table("activity_event")
    op.drop_table("setting")
