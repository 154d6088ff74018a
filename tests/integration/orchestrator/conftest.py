"""Fixtures of the orchestrator tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tonearm.db import Database


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    yield database
    await database.dispose()
