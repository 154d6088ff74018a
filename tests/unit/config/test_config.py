"""Settings: environment names, defaults, and the generated configuration reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonearm.cli.reference import render_config_reference
from tonearm.config import Settings

ROOT = Path(__file__).resolve().parents[3]
CONTRACT_NAMES = [
    "DATA_DIR", "DATABASE_URL", "API_KEY", "DOWNLOADS_DIR", "LIBRARY_DIR", "SPOTIFY_CLIENT_ID",
    "SPOTIFY_CLIENT_SECRET", "SPOTIFY_REDIRECT_URI", "SPOTIFY_API_URL", "SPOTIFY_ACCOUNTS_URL",
    "SLSKD_URL", "SLSKD_API_KEY", "SLSKD_DOWNLOADS_DIR", "ARTWORK_ALLOWED_HOSTS",
    "FEATURE_ADMIN_API", "CACHE_URL",
]  # fmt: skip


class TestSettings:
    def test_reference_document_is_in_sync(self) -> None:
        current = (ROOT / "docs" / "configuration.md").read_text()
        assert current == render_config_reference(), "run `make docs` to regenerate"

    @pytest.mark.parametrize("name", CONTRACT_NAMES)
    def test_contract_environment_names_exist(self, name: str) -> None:
        assert name.lower() in Settings.model_fields

    def test_environment_is_read(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv("TONEARM_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("TONEARM_ARTWORK_ALLOWED_HOSTS", "a.example,b.example")
        monkeypatch.setenv("TONEARM_API_KEY", "k" * 20)
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        assert settings.data_dir == tmp_path
        assert settings.artwork_allowed_hosts == ["a.example", "b.example"]
        assert settings.api_key is not None
        assert "k" * 20 not in repr(settings)
        assert settings.resolved_database_url.startswith("sqlite+aiosqlite:///")

    def test_defaults(self) -> None:
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        assert (settings.host, settings.port) == ("127.0.0.1", 8080)
        assert settings.max_json_bytes == 1_048_576
        assert settings.max_upload_bytes == 5_242_880
