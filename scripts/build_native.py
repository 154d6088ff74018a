"""Compile the matching engine with mypyc, in place; pure Python when that cannot be done.

Usage: ``python scripts/build_native.py [--require] [--clean]`` (run by ``make native``), with
the interpreter of the environment that will run tonearm: mypy type-checks the engine against
the installed rapidfuzz and the extension modules are built for that Python.

Every module of ``src/tonearm/matching/`` except ``__init__.py`` and ``_native.py`` becomes an
extension module beside its source, sharing one library ``_engine__mypyc`` in the same folder,
and ``_compiled.b2sum`` records the BLAKE2b digest of each compiled source: the package refuses
to import a build whose sources changed since (see ``tonearm/matching/_native.py``).

Earlier artifacts are removed first, so a skipped or failed build leaves the pure-Python engine.
Without mypyc, a C compiler or Python's headers it prints one line saying so and exits 0
(1 with ``--require``). ``--clean`` only removes the artifacts.
"""

from __future__ import annotations

import argparse
import importlib.util
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
ENGINE = REPO / "src" / "tonearm" / "matching"
PACKAGE = "tonearm.matching"
GROUP = f"{PACKAGE}._engine"  # the shared library: _engine__mypyc.<suffix> inside ENGINE


def _guard() -> ModuleType:
    """The package's guard module, loaded by path: importing the package would run the guard."""
    spec = importlib.util.spec_from_file_location("tonearm_matching_native", ENGINE / "_native.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("src/tonearm/matching/_native.py cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def artifacts() -> list[Path]:
    """Extension modules and the stamp in the engine's folder."""
    found = [path for path in ENGINE.iterdir() if path.name.endswith(".so")]
    stamp = ENGINE / _guard().STAMP
    return found + ([stamp] if stamp.exists() else [])


def missing_tool() -> str | None:
    """Why the engine cannot be compiled here, or None when it can be tried."""
    if importlib.util.find_spec("mypyc") is None:
        return "mypyc is not installed"
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler} not found)"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "Python's C headers are not installed"
    return None


def compile_into(build_lib: str) -> None:
    """Run mypyc and the C compiler; the extension modules land under ``build_lib``."""
    import setuptools  # first: mypyc builds with setuptools when it is imported already
    from mypyc.build import mypycify

    guard = _guard()
    sources = [str(ENGINE / name) for name in guard.engine_sources(str(ENGINE))]
    work = Path(build_lib).parent
    extensions = mypycify(sources, group_name=GROUP, target_dir=str(work / "c"))
    # A bare Distribution: setuptools.setup() would read pyproject.toml, which hatchling owns.
    distribution = setuptools.Distribution({"name": "tonearm-engine", "ext_modules": extensions})
    command = distribution.get_command_obj("build_ext")
    command.build_lib = build_lib
    command.build_temp = str(work / "temp")
    distribution.run_command("build_ext")


def build() -> str:
    """Compile in a child process (its output kept unless it fails); return the summary."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tonearm-native-") as work:
        build_lib = Path(work) / "lib"
        child = subprocess.run(  # noqa: S603 (this script, by the running interpreter)
            [sys.executable, __file__, "--compile-into", str(build_lib)],
            cwd=REPO,  # mypy reads its settings from pyproject.toml
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            log = (child.stdout + child.stderr).strip().splitlines()
            print("\n".join(log[-25:]), file=sys.stderr)
            raise RuntimeError(f"mypyc build failed (exit {child.returncode})")
        built = sorted((build_lib / Path(*PACKAGE.split("."))).glob("*.so"))
        for extension in built:
            shutil.copy2(extension, ENGINE / extension.name)
    guard = _guard()
    sources = guard.engine_sources(str(ENGINE))
    (ENGINE / guard.STAMP).write_text(guard.stamp_text(str(ENGINE), sources, _header()))
    if not guard.verify(str(ENGINE)):
        raise RuntimeError("the build produced no extension module")
    return f"{len(sources)} modules in {time.monotonic() - started:.0f} s"


def _header() -> str:
    from mypy.version import __version__ as mypy_version

    python = sysconfig.get_config_var("EXT_SUFFIX") or sys.version.split()[0]
    return f"built by scripts/build_native.py with mypyc {mypy_version} for {python}"


def main() -> int:
    """Remove earlier artifacts, then compile or say why the engine stays pure Python."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--require", action="store_true", help="fail when it cannot compile")
    parser.add_argument("--clean", action="store_true", help="only remove the artifacts")
    parser.add_argument("--compile-into", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compile_into:
        compile_into(args.compile_into)
        return 0
    for path in artifacts():
        path.unlink()
    if args.clean:
        print("matching engine: compiled modules removed; pure Python")
        return 0
    reason = missing_tool()
    if reason is None:
        try:
            print(f"matching engine: compiled with mypyc ({build()})")
            return 0
        except (OSError, RuntimeError) as error:
            for path in artifacts():
                path.unlink()
            reason = str(error)
    print(f"matching engine: pure Python ({reason})")
    return 1 if args.require else 0


if __name__ == "__main__":
    raise SystemExit(main())
