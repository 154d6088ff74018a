"""Fixtures of the artist tests: the emulated world and a database handle on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.artists.world import World, open_world
from tonearm.db import Database


@pytest.fixture
async def world(tmp_path: Path, db_url: str) -> AsyncIterator[World]:
    async with open_world(tmp_path, db_url) as opened:
        yield opened


@pytest.fixture
async def db(world: World) -> AsyncIterator[Database]:
    database = Database(world.settings.resolved_database_url)
    yield database
    await database.dispose()
