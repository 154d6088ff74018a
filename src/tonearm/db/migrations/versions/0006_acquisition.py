"""Acquisition and library: candidates, downloads, blocklist, library files, search etiquette.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tonearm.db.base import BigIntPK, JSONValue, UTCDateTime

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

RefId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    _candidates()
    _downloads()
    _blocklist()
    _library_files()
    op.create_table(
        "acquisition_rate_state",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("started", JSONValue, nullable=False),
        sa.Column("running", JSONValue, nullable=False),
        sa.Column("backoff_until", UTCDateTime, nullable=True),
        sa.Column("last_started_at", UTCDateTime, nullable=True),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_acquisition_rate_state")),
    )


def _candidates() -> None:
    op.create_table(
        "download_candidate",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("track_id", RefId, nullable=False),
        sa.Column("search_round", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("filename_hash", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("extension", sa.String(16), nullable=False),
        sa.Column("bitrate", sa.Integer(), nullable=True),
        sa.Column("length_s", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("quality", sa.String(32), nullable=True),
        sa.Column("breakdown", JSONValue, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_download_candidate_track_id_track"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_download_candidate")),
    )
    op.create_index(
        "ix_download_candidate_track_round",
        "download_candidate",
        ["track_id", "search_round", "position"],
    )
    op.create_index(
        "uq_download_candidate_track_round_file",
        "download_candidate",
        ["track_id", "search_round", "username", "filename_hash"],
        unique=True,
    )


def _downloads() -> None:
    op.create_table(
        "download",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("track_id", RefId, nullable=True),
        sa.Column("active_track_id", RefId, nullable=True),
        sa.Column("candidate_id", RefId, nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("format", sa.String(16), nullable=True),
        sa.Column("bitrate", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("breakdown", JSONValue, nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.String(64), nullable=True),
        sa.Column("transfer_id", sa.String(64), nullable=True),
        sa.Column("transfer_state", sa.String(64), nullable=True),
        sa.Column("local_path", sa.Text(), nullable=True),
        sa.Column("library_path", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("last_progress_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"], ["track.id"], name=op.f("fk_download_track_id_track"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["download_candidate.id"],
            name=op.f("fk_download_candidate_id_download_candidate"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_download")),
    )
    op.create_index("ix_download_active_track_id", "download", ["active_track_id"], unique=True)
    op.create_index("ix_download_track_id", "download", ["track_id", "id"])
    op.create_index("ix_download_state_id", "download", ["state", "id"])


def _blocklist() -> None:
    op.create_table(
        "blocklist",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("filename_hash", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocklist")),
    )
    op.create_index(
        "uq_blocklist_username_filename", "blocklist", ["username", "filename_hash"], unique=True
    )


def _library_files() -> None:
    op.create_table(
        "library_file",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("path_hash", sa.String(64), nullable=False),
        sa.Column("track_id", RefId, nullable=True),
        sa.Column("title", sa.String(500), nullable=True),
        sa.Column("artists", JSONValue, nullable=False),
        sa.Column("album", sa.String(500), nullable=True),
        sa.Column("album_artist", sa.String(500), nullable=True),
        sa.Column("track_number", sa.Integer(), nullable=True),
        sa.Column("disc_number", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("isrc", sa.String(16), nullable=True),
        sa.Column("spotify_id", sa.String(64), nullable=True),
        sa.Column("genre", sa.String(200), nullable=True),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("bitrate", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("has_cover", sa.Boolean(), nullable=False),
        sa.Column("has_lyrics", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_library_file_track_id_track"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_file")),
    )
    op.create_index("uq_library_file_path_hash", "library_file", ["path_hash"], unique=True)
    op.create_index("ix_library_file_track_id", "library_file", ["track_id"])
    op.create_index("ix_library_file_isrc", "library_file", ["isrc"])


def downgrade() -> None:
    op.drop_table("acquisition_rate_state")
    op.drop_table("library_file")
    op.drop_table("blocklist")
    op.drop_table("download")
    op.drop_table("download_candidate")
