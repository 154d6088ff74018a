"""The compiled engine: its stale-build guard, the pure-Python fallback and the build's use.

The guard only reads file names and the stamp, so most tests lay fake extension modules (never
loaded) beside a copy of the sources; the import tests run in a subprocess on such a copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import tonearm.matching
from tonearm.matching import _native

REPO = Path(__file__).resolve().parents[3]
ENGINE = REPO / "src" / "tonearm" / "matching"
GOLDEN = Path(__file__).with_name("test_rank_golden.py")
SUFFIX = EXTENSION_SUFFIXES[0]


@pytest.fixture
def engine(tmp_path: Path) -> Path:
    """A copy of the package's Python sources only: ``tonearm/`` with ``matching/*.py``."""
    folder = tmp_path / "tonearm" / "matching"
    folder.mkdir(parents=True)
    shutil.copy(ENGINE.parent / "__init__.py", folder.parent)
    for source in ENGINE.glob("*.py"):
        shutil.copy(source, folder)
    return folder


def _fake_build(folder: Path) -> list[str]:
    """Lay one 'extension module' per engine source and the stamp, as the build does."""
    sources = _native.engine_sources(str(folder))
    for name in sources:
        (folder / f"{name[:-3]}{SUFFIX}").write_bytes(b"not an extension module")
    (folder / f"_engine__mypyc{SUFFIX}").write_bytes(b"not an extension module")
    (folder / _native.STAMP).write_text(_native.stamp_text(str(folder), sources, "test build"))
    return sources


def _python(folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with the copy at ``folder`` first on the path (before the editable src/)."""
    prelude = f"import sys; sys.path.insert(0, {str(folder.parents[1])!r})\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=folder.parents[1],
    )


class TestGuard:
    def test_sources_alone_are_the_pure_engine(self, engine: Path) -> None:
        assert _native.verify(str(engine)) is False

    def test_a_build_of_the_present_sources_is_used(self, engine: Path) -> None:
        sources = _fake_build(engine)
        assert "__init__.py" not in sources
        assert "_native.py" not in sources
        assert "_score.py" in sources
        assert _native.verify(str(engine)) is True

    def test_an_edited_source_is_refused_with_the_remedy(self, engine: Path) -> None:
        _fake_build(engine)
        with (engine / "_score.py").open("a") as source:
            source.write("\n# an edit after the build\n")
        with pytest.raises(_native.StaleEngineError) as refused:
            _native.verify(str(engine))
        message = str(refused.value)
        assert "_score.py changed since the build" in message
        assert "make native" in message
        assert "_tables.py" not in message  # only what changed is named

    def test_extension_modules_without_a_stamp_are_refused(self, engine: Path) -> None:
        _fake_build(engine)
        (engine / _native.STAMP).unlink()
        with pytest.raises(_native.StaleEngineError, match=r"_score\.py has no recorded build"):
            _native.verify(str(engine))

    def test_a_partial_build_is_refused(self, engine: Path) -> None:
        _fake_build(engine)
        (engine / f"_tables{SUFFIX}").unlink()
        with pytest.raises(_native.StaleEngineError, match=r"_tables\.py is not compiled"):
            _native.verify(str(engine))

    def test_a_new_module_since_the_build_is_refused(self, engine: Path) -> None:
        _fake_build(engine)
        (engine / "_extra.py").write_text("VALUE = 1\n")
        (engine / f"_extra{SUFFIX}").write_bytes(b"not an extension module")
        with pytest.raises(_native.StaleEngineError, match=r"_extra\.py has no recorded build"):
            _native.verify(str(engine))

    def test_extension_modules_of_another_python_are_not_counted(self, engine: Path) -> None:
        (engine / "_score.cpython-30-x86_64-linux-gnu.so").write_bytes(b"never loaded")
        assert _native.verify(str(engine)) is False


class TestImport:
    def test_the_package_refuses_a_stale_build_before_loading_any_module(
        self, engine: Path
    ) -> None:
        _fake_build(engine)
        with (engine / "_normalize.py").open("a") as source:
            source.write("\n# an edit after the build\n")
        result = _python(engine, "import tonearm.matching")
        assert result.returncode != 0
        assert "StaleEngineError" in result.stderr
        assert "_normalize.py changed since the build" in result.stderr
        assert "make native" in result.stderr
        # The fake extension modules were never loaded: no loader error about them.
        assert "invalid ELF header" not in result.stderr

    def test_the_pure_python_engine_ranks_the_bench_sets_as_recorded(self, engine: Path) -> None:
        code = f"""
import importlib.util
import tonearm.matching as matching
assert matching.__file__.startswith({str(engine)!r}), matching.__file__
assert not matching.compiled()
spec = importlib.util.spec_from_file_location("golden", {str(GOLDEN)!r})
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)
golden.test_default_settings_rank_the_bench_set_as_recorded_cold_and_warm()
golden.test_strict_settings_rank_the_bench_set_as_recorded()
print("golden digests match")
"""
        result = _python(engine, code)
        assert result.returncode == 0, result.stderr
        assert "golden digests match" in result.stdout


class TestThisBuild:
    def test_compiled_reports_the_modules_that_were_loaded(self) -> None:
        loaded = [
            sys.modules[f"tonearm.matching.{name[:-3]}"].__file__ or ""
            for name in _native.engine_sources(str(ENGINE))
        ]
        extensions = [path.endswith(tuple(EXTENSION_SUFFIXES)) for path in loaded]
        assert tonearm.matching.compiled() is all(extensions)
        assert any(extensions) is all(extensions)  # never a mixed engine

    def test_the_engine_is_compiled_once_built(self) -> None:
        if not (ENGINE / _native.STAMP).exists():
            if os.environ.get("CI"):
                pytest.fail("CI builds the compiled engine (make install); see its output")
            pytest.skip("the compiled engine is not built here (make native)")
        assert _native.verify(str(ENGINE)) is True
        assert tonearm.matching.compiled()
