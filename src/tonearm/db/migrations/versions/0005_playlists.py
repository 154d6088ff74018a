"""Playlists and free imports: synced playlists, their entries and import jobs.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tonearm.db.base import BigIntPK, JSONValue, UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RefId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    _playlist()
    _playlist_entry()
    _import_job()


def _playlist() -> None:
    op.create_table(
        "playlist",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("spotify_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.String(200), nullable=True),
        sa.Column("owner_name", sa.String(500), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=True),
        sa.Column("snapshot_id", sa.String(200), nullable=True),
        sa.Column("track_count", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("followed", sa.Boolean(), nullable=False),
        sa.Column("synced_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_playlist")),
    )
    op.create_index("ix_playlist_spotify_id", "playlist", ["spotify_id"], unique=True)


def _playlist_entry() -> None:
    op.create_table(
        "playlist_entry",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("playlist_id", RefId, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("track_id", RefId, nullable=True),
        sa.Column("spotify_track_id", sa.String(64), nullable=True),
        sa.Column("added_at", UTCDateTime, nullable=True),
        sa.ForeignKeyConstraint(
            ["playlist_id"],
            ["playlist.id"],
            name=op.f("fk_playlist_entry_playlist_id_playlist"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_playlist_entry_track_id_track"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_playlist_entry")),
    )
    op.create_index(
        "ix_playlist_entry_playlist_position",
        "playlist_entry",
        ["playlist_id", "position"],
        unique=True,
    )
    op.create_index("ix_playlist_entry_track_id", "playlist_entry", ["track_id"])


def _import_job() -> None:
    op.create_table(
        "import_job",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("filename", sa.String(500), nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("items", JSONValue, nullable=False),
        sa.Column("skipped", JSONValue, nullable=False),
        sa.Column("pending_links", JSONValue, nullable=False),
        sa.Column("track_ids", JSONValue, nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("normalized", sa.Integer(), nullable=False),
        sa.Column("queued", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_job")),
    )
    op.create_index("ix_import_job_status", "import_job", ["status"])


def downgrade() -> None:
    op.drop_index("ix_import_job_status", table_name="import_job")
    op.drop_table("import_job")
    op.drop_index("ix_playlist_entry_track_id", table_name="playlist_entry")
    op.drop_index("ix_playlist_entry_playlist_position", table_name="playlist_entry")
    op.drop_table("playlist_entry")
    op.drop_index("ix_playlist_spotify_id", table_name="playlist")
    op.drop_table("playlist")
