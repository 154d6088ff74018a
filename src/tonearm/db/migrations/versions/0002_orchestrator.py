"""Orchestrator: the job queue and the schedule ticks that make periodic jobs fire once.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tonearm.db.base import BigIntPK, JSONValue, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("type", sa.String(128), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("payload", JSONValue, nullable=False),
        sa.Column("entity_id", sa.String(128), nullable=True),
        sa.Column("dedupe_key", sa.String(255), nullable=True),
        sa.Column("lock_key", sa.String(255), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", UTCDateTime, nullable=False),
        sa.Column("lease_owner", sa.String(255), nullable=True),
        sa.Column("lease_token", sa.String(64), nullable=True),
        sa.Column("lease_expires_at", UTCDateTime, nullable=True),
        sa.Column("heartbeat_at", UTCDateTime, nullable=True),
        sa.Column("leased_at", UTCDateTime, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    op.create_index("ix_job_claim", "job", ["status", "queue", "priority", "available_at", "id"])
    op.create_index("ix_job_lease_expiry", "job", ["status", "lease_expires_at"])
    op.create_index("ix_job_type_status", "job", ["type", "status"])
    op.create_index(
        "uq_job_dedupe_waiting",
        "job",
        ["dedupe_key"],
        unique=True,
        sqlite_where=sa.text("status = 'queued'"),
        postgresql_where=sa.text("status = 'queued'"),
    )
    op.create_index(
        "uq_job_lock_running",
        "job",
        ["lock_key"],
        unique=True,
        sqlite_where=sa.text("status = 'leased'"),
        postgresql_where=sa.text("status = 'leased'"),
    )
    op.create_table(
        "job_schedule_tick",
        sa.Column("schedule", sa.String(128), nullable=False),
        sa.Column("due_at", UTCDateTime, nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("schedule", "due_at", name=op.f("pk_job_schedule_tick")),
    )


def downgrade() -> None:
    op.drop_table("job_schedule_tick")
    op.drop_index("uq_job_lock_running", table_name="job")
    op.drop_index("uq_job_dedupe_waiting", table_name="job")
    op.drop_index("ix_job_type_status", table_name="job")
    op.drop_index("ix_job_lease_expiry", table_name="job")
    op.drop_index("ix_job_claim", table_name="job")
    op.drop_table("job")
