"""Job progress: how far a running job has come (steps done of steps in all), for the UI.

Revision ID: 0009_job_progress
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_job_progress"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("job", sa.Column("progress_done", sa.Integer(), nullable=True))
    op.add_column("job", sa.Column("progress_total", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_column("progress_total")
        batch.drop_column("progress_done")
