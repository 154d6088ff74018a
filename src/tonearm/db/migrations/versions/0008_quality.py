"""Quality upgrades: when each lossy track was last searched for a better file.

Revision ID: 0008_quality
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tonearm.db.base import UTCDateTime

revision = "0008_quality"
down_revision = "0006"
branch_labels = None
depends_on = None

RefId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "quality_check",
        sa.Column("track_id", RefId, nullable=False),
        sa.Column("checked_at", UTCDateTime, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_quality_check_track_id_track"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("track_id", name=op.f("pk_quality_check")),
    )
    op.create_index("ix_quality_check_checked_at", "quality_check", ["checked_at"])


def downgrade() -> None:
    op.drop_index("ix_quality_check_checked_at", table_name="quality_check")
    op.drop_table("quality_check")
