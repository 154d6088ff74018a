"""Alembic environment: synchronous driver, models' metadata as the target."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import tonearm.db.models  # noqa: F401  (registers every table on the metadata)
from tonearm.db.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Run migrations online against the configured URL."""
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None  # noqa: S101
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
