"""The quality profile set through the settings API steers which file acquisition picks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from tests.conftest import api_client
from tests.integration.acquisition.factories import SONGS, create_track
from tests.integration.acquisition.harness import Pipeline, running_pipeline
from tests.integration.acquisition.offers import flac_file, mp3_320_file, network, wait_until_done
from tonearm.app import create_app
from tonearm.db.models import Download
from tonearm.domain.acquisition.jobs import enqueue_search
from tonearm.kit.crypto import SecretBox


def _read_stored_settings(pipe: Pipeline) -> None:
    """Let the worker read settings stored through the API, as the app's worker does."""
    services: dict[str, Any] = pipe.worker.services  # type: ignore[assignment]
    services["box"] = SecretBox.from_data_dir(pipe.settings.data_dir)


async def _acquire(pipe: Pipeline, song_index: int) -> Download:
    async with pipe.db.transaction() as session:
        track = create_track(SONGS[song_index])
        session.add(track)
        await session.flush()
        await enqueue_search(session, track.id)
        track_id = track.id
    track = await wait_until_done(pipe, track_id)
    assert track.state == "done", track.reason
    async with pipe.db.transaction(readonly=True) as session:
        query = select(Download).where(Download.track_id == track_id, Download.state == "done")
        return (await session.execute(query)).scalar_one()


async def test_putting_mp3_320_first_makes_the_mp3_win_over_the_flac(
    tmp_path: Path, db_url: str
) -> None:
    songs = SONGS[:2]
    offered = [f(song, "both") for song in songs for f in (flac_file, mp3_320_file)]
    async with running_pipeline(tmp_path, db_url, network(both=offered)) as pipe:
        _read_stored_settings(pipe)
        app = create_app(pipe.settings)
        async with app.router.lifespan_context(app), api_client(app) as client:
            first = await _acquire(pipe, 0)
            response = await client.patch(
                "/api/v1/settings", json={"quality_formats": ["MP3 320", "FLAC"]}
            )
            assert response.status_code == 200, response.text
            assert response.json()["settings"]["quality_formats"]["value"] == ["MP3 320", "FLAC"]
            second = await _acquire(pipe, 1)

    assert first.format == "flac"
    assert first.breakdown["quality"] == "FLAC"
    assert second.format == "mp3"
    assert second.breakdown["quality"] == "MP3 320"
    library = pipe.settings.resolved_library_dir
    assert (library / (second.library_path or "")).suffix == ".mp3"


class TestQualitySettingsApi:
    async def test_an_unknown_format_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.patch(
            "/api/v1/settings",
            json={"quality_min_bitrate": 256, "quality_formats": ["FLAC", "OGG Vorbis"]},
        )
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert error["details"]["key"] == "quality_formats"
        assert "unknown format 'OGG Vorbis'" in error["message"]
        body = (await client.get("/api/v1/settings")).json()["settings"]
        assert body["quality_min_bitrate"]["source"] == "default"
        assert body["quality_formats"]["value"] == [
            "FLAC",
            "MP3 320",
            "MP3 V0",
            "AAC 256+",
            "MP3 256",
        ]

    async def test_limits_and_required_values_are_enforced(self, client: httpx.AsyncClient) -> None:
        for patch in (
            {"quality_formats": []},
            {"quality_formats": None},
            {"quality_min_bitrate": 0},
            {"quality_max_size_mb": "huge"},
            {"quality_upgrade_lossy": "perhaps"},
        ):
            response = await client.patch("/api/v1/settings", json=patch)
            assert response.status_code == 422, patch
            assert response.json()["error"]["details"]["key"] == next(iter(patch))

    async def test_a_valid_profile_is_stored_in_canonical_form(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.patch(
            "/api/v1/settings",
            json={
                "quality_formats": ["mp3 320", "flac"],
                "quality_blocked_users": ["mallory"],
                "quality_max_size_mb": None,
            },
        )
        assert response.status_code == 200
        body = response.json()["settings"]
        assert body["quality_formats"]["value"] == ["MP3 320", "FLAC"]
        assert body["quality_blocked_users"]["value"] == ["mallory"]
        assert body["quality_max_size_mb"]["value"] is None
        assert body["quality_formats"]["source"] == "api"
