"""Catalogue: the wanted track shared by every source.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tonearm.db.base import BigIntPK, JSONValue, UTCDateTime

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "track",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("artists", JSONValue, nullable=False),
        sa.Column("album", sa.String(500), nullable=True),
        sa.Column("album_artist", sa.String(500), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("isrc", sa.String(16), nullable=True),
        sa.Column("spotify_id", sa.String(64), nullable=True),
        sa.Column("spotify_album_id", sa.String(64), nullable=True),
        sa.Column("spotify_artist_ids", JSONValue, nullable=False),
        sa.Column("track_number", sa.Integer(), nullable=True),
        sa.Column("disc_number", sa.Integer(), nullable=True),
        sa.Column("release_year", sa.Integer(), nullable=True),
        sa.Column("explicit", sa.Boolean(), nullable=False),
        sa.Column("genre", sa.String(200), nullable=True),
        sa.Column("cover_url", sa.Text(), nullable=True),
        sa.Column("match_key", sa.String(600), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("library_path", sa.Text(), nullable=True),
        sa.Column("details", JSONValue, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track")),
    )
    op.create_index("ix_track_spotify_id", "track", ["spotify_id"], unique=True)
    op.create_index("ix_track_isrc", "track", ["isrc"])
    op.create_index("ix_track_match_key", "track", ["match_key"])
    op.create_index("ix_track_state_id", "track", ["state", "id"])


def downgrade() -> None:
    op.drop_index("ix_track_state_id", table_name="track")
    op.drop_index("ix_track_match_key", table_name="track")
    op.drop_index("ix_track_isrc", table_name="track")
    op.drop_index("ix_track_spotify_id", table_name="track")
    op.drop_table("track")
