"""What can be checked of the container here (no Docker engine): the start-up script, run
directly, and the compose file, parsed, with its environment names checked against Settings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tonearm.config import Settings

REPO = Path(__file__).resolve().parents[2]
ENTRYPOINT = REPO / "docker" / "entrypoint.sh"
COMPOSE = REPO / "compose.yaml"
DOCKERFILE = REPO / "Dockerfile"
# Names the image itself reads, not Settings fields.
NON_SETTINGS = {"TONEARM_ENTRYPOINT_DRY_RUN", "TONEARM_CONFIG_DIR"}


def _fake_tonearm(folder: Path) -> Path:
    """A `tonearm` that records its arguments, uid/gid and TONEARM_* environment."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    script = bin_dir / "tonearm"
    record = folder / "record.txt"
    script.write_text(
        "#!/bin/sh\n"
        f'{{ echo "args=$*"; echo "uid=$(id -u) gid=$(id -g)"; env | grep ^TONEARM_ | sort; }}'
        f' > "{record}"\n'
    )
    script.chmod(0o755)
    return bin_dir


def _run(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": f"{_fake_tonearm(tmp_path)}:{os.environ['PATH']}"}
    return subprocess.run(
        ["/bin/sh", str(ENTRYPOINT), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def _dirs(tmp_path: Path) -> dict[str, str]:
    config, downloads, music = (tmp_path / n for n in ("config", "downloads", "music"))
    downloads.mkdir()
    music.mkdir()
    return {
        "TONEARM_CONFIG_DIR": str(config),
        "TONEARM_DOWNLOADS_DIR": str(downloads),
        "TONEARM_LIBRARY_DIR": str(music),
    }


class TestEntrypoint:
    def test_dry_run_shows_the_serve_command_and_folders(self, tmp_path: Path) -> None:
        result = _run(tmp_path, {"TONEARM_ENTRYPOINT_DRY_RUN": "1", "PUID": "1234"})
        assert result.returncode == 0, result.stderr
        assert "exec tonearm serve --host 0.0.0.0 --port 8080" in result.stdout
        assert "user=1234:1000 data=/config downloads=/downloads library=/music" in result.stdout

    @pytest.mark.parametrize("bad", ["abc", "-1", "1 2", ""])
    def test_non_numeric_ids_are_refused(self, tmp_path: Path, bad: str) -> None:
        result = _run(tmp_path, {"PUID": bad, "TONEARM_ENTRYPOINT_DRY_RUN": "1"})
        if bad == "":
            assert result.returncode == 0  # empty means the default, like unset
            return
        assert result.returncode == 64
        assert "PUID must be numeric" in result.stderr

    def test_execs_tonearm_as_puid_pgid_with_the_arr_folders(self, tmp_path: Path) -> None:
        uid, gid = os.getuid(), os.getgid()
        env = {"PUID": str(uid), "PGID": str(gid), **_dirs(tmp_path)}
        result = _run(tmp_path, env)
        assert result.returncode == 0, result.stderr
        record = (tmp_path / "record.txt").read_text()
        assert "args=serve --host 0.0.0.0 --port 8080" in record
        assert f"uid={uid} gid={gid}" in record
        assert f"TONEARM_DATA_DIR={tmp_path / 'config'}" in record
        assert f"TONEARM_LIBRARY_DIR={tmp_path / 'music'}" in record
        config = tmp_path / "config"
        assert config.is_dir()
        assert (config.stat().st_uid, config.stat().st_gid) == (uid, gid)

    def test_arguments_replace_the_default_command(self, tmp_path: Path) -> None:
        env = {"PUID": str(os.getuid()), "PGID": str(os.getgid()), **_dirs(tmp_path)}
        result = _run(tmp_path, env, "tonearm", "worker")
        assert result.returncode == 0, result.stderr
        assert "args=worker" in (tmp_path / "record.txt").read_text()

    def test_the_script_is_posix_sh(self) -> None:
        checker = shutil.which("dash") or "/bin/sh"
        result = subprocess.run(
            [checker, "-n", str(ENTRYPOINT)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr


class TestDockerfile:
    def test_arr_conventions(self) -> None:
        text = DOCKERFILE.read_text()
        assert text.count("FROM python:3.11-slim") == 2
        assert "EXPOSE 8080" in text
        assert 'VOLUME ["/config", "/downloads", "/music"]' in text
        assert "/api/health/ready" in text.split("HEALTHCHECK", 1)[1]
        assert 'ENTRYPOINT ["/usr/local/bin/tonearm-entrypoint"]' in text
        assert "COPY docker/entrypoint.sh" in text

    def test_every_tonearm_name_in_the_dockerfile_is_a_setting(self) -> None:
        names = set(re.findall(r"\bTONEARM_[A-Z0-9_]+", DOCKERFILE.read_text()))
        assert names
        assert _unknown(names) == set()


def _unknown(names: set[str]) -> set[str]:
    fields = {f"TONEARM_{name.upper()}" for name in Settings.model_fields}
    return {n for n in names if n not in fields and n not in NON_SETTINGS}


class TestCompose:
    def _compose(self) -> dict[str, object]:
        data = yaml.safe_load(COMPOSE.read_text())
        assert isinstance(data, dict)
        return data

    def test_services_volumes_port_and_profiles(self) -> None:
        services = self._compose()["services"]
        assert isinstance(services, dict)
        app = services["tonearm"]
        assert "8080:8080" in app["ports"]
        mounts = {v.split(":")[1] for v in app["volumes"]}
        assert {"/config", "/downloads", "/music"} <= mounts
        assert app["environment"]["PUID"]
        assert app["environment"]["PGID"]
        assert "profiles" not in app  # starts by default
        assert services["postgres"]["profiles"] == ["postgres"]
        assert services["redis"]["profiles"] == ["redis"]
        assert services["worker"]["profiles"] == ["worker"]
        assert services["worker"]["command"] == ["tonearm", "worker"]

    def test_every_tonearm_name_in_compose_is_a_setting(self) -> None:
        text = COMPOSE.read_text()  # includes the commented-out optional lines
        names = set(re.findall(r"\bTONEARM_[A-Z0-9_]+", text))
        assert {"TONEARM_DATA_DIR", "TONEARM_DATABASE_URL", "TONEARM_CACHE_URL"} <= names
        assert _unknown(names) == set()

    def test_the_check_would_catch_a_misspelt_name(self) -> None:
        assert _unknown({"TONEARM_DATA_DIRS"}) == {"TONEARM_DATA_DIRS"}
