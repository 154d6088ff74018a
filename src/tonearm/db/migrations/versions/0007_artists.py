"""Artists: artist, release, release track and the watchlist.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tonearm.db.base import BigIntPK, JSONValue, UTCDateTime

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "artist",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("spotify_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("genres", JSONValue, nullable=False),
        sa.Column("images", JSONValue, nullable=False),
        sa.Column("synced_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artist")),
    )
    op.create_index("uq_artist_key", "artist", ["key"], unique=True)
    op.create_table(
        "release",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("artist_id", sa.BigInteger(), nullable=False),
        sa.Column("spotify_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("release_type", sa.String(16), nullable=False),
        sa.Column("album_group", sa.String(16), nullable=False),
        sa.Column("release_date", sa.String(10), nullable=True),
        sa.Column("release_date_precision", sa.String(8), nullable=False),
        sa.Column("total_tracks", sa.Integer(), nullable=False),
        sa.Column("cover_url", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("inactive_reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["artist_id"],
            ["artist.id"],
            name=op.f("fk_release_artist_id_artist"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release")),
    )
    op.create_index(
        "uq_release_artist_spotify", "release", ["artist_id", "spotify_id"], unique=True
    )
    op.create_index("ix_release_spotify_id", "release", ["spotify_id"])
    op.create_table(
        "release_track",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("release_id", sa.BigInteger(), nullable=False),
        sa.Column("spotify_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("artists", JSONValue, nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("track_number", sa.Integer(), nullable=False),
        sa.Column("disc_number", sa.Integer(), nullable=False),
        sa.Column("explicit", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["release.id"],
            name=op.f("fk_release_track_release_id_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_track")),
    )
    op.create_index(
        "uq_release_track_release_spotify",
        "release_track",
        ["release_id", "spotify_id"],
        unique=True,
    )
    op.create_index("ix_release_track_spotify_id", "release_track", ["spotify_id"])
    op.create_table(
        "watchlist_entry",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("artist_key", sa.String(80), nullable=False),
        sa.Column("name", sa.String(500), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("release_groups", JSONValue, nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("pause_reason", sa.Text(), nullable=True),
        sa.Column("resume_at", UTCDateTime, nullable=True),
        sa.Column("last_checked_at", UTCDateTime, nullable=True),
        sa.Column("next_check_at", UTCDateTime, nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("cooldown_until", UTCDateTime, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_entry")),
    )
    op.create_index("uq_watchlist_entry_artist_key", "watchlist_entry", ["artist_key"], unique=True)
    op.create_index("ix_watchlist_entry_due", "watchlist_entry", ["paused", "next_check_at"])


def downgrade() -> None:
    op.drop_index("ix_watchlist_entry_due", table_name="watchlist_entry")
    op.drop_index("uq_watchlist_entry_artist_key", table_name="watchlist_entry")
    op.drop_table("watchlist_entry")
    op.drop_index("ix_release_track_spotify_id", table_name="release_track")
    op.drop_index("uq_release_track_release_spotify", table_name="release_track")
    op.drop_table("release_track")
    op.drop_index("ix_release_spotify_id", table_name="release")
    op.drop_index("uq_release_artist_spotify", table_name="release")
    op.drop_table("release")
    op.drop_index("uq_artist_key", table_name="artist")
    op.drop_table("artist")
