"""Guard of the compiled engine: extension modules are used only while they match their sources.

``scripts/build_native.py`` compiles the engine's modules with mypyc into extension modules next
to their sources and writes :data:`STAMP`, the BLAKE2b digest of every compiled source in
``b2sum``'s format. Python imports an extension module in preference to the ``.py`` beside it,
so after an edit without a rebuild the old code would run silently; :func:`verify` refuses that
before any engine module loads. Content digests, not modification times, because unpacked
wheels and checkouts reset the times.

This module and ``__init__.py`` are never compiled.
"""

from __future__ import annotations

import os
import sys

STAMP = "_compiled.b2sum"
NEVER_COMPILED = frozenset({"__init__.py", "_native.py"})
FOLDER = os.path.dirname(os.path.abspath(__file__))


class StaleEngineError(ImportError):
    """The compiled modules were built from other sources than the ones beside them."""


def engine_sources(folder: str) -> list[str]:
    """File names of the modules that the build compiles."""
    return sorted(
        name for name in os.listdir(folder) if name.endswith(".py") and name not in NEVER_COMPILED
    )


def stamp_text(folder: str, sources: list[str], header: str) -> str:
    """The stamp for ``sources``: a comment line, then ``digest  name`` lines."""
    lines = [f"# {header}"]
    lines += [f"{_digest(os.path.join(folder, name))}  {name}" for name in sources]
    return "\n".join(lines) + "\n"


def verify(folder: str = FOLDER) -> bool:
    """True when compiled modules are present and match their sources, False when none are.

    Raises :class:`StaleEngineError` when a compiled module's source changed since the build,
    when a compiled module has no stamp entry, or when a stamped module's extension is missing.
    """
    entries = set(os.listdir(folder))
    suffixes = _extension_suffixes()
    built = {
        name
        for name in entries
        if name.endswith(".py")
        and name not in NEVER_COMPILED
        and any(name[:-3] + suffix in entries for suffix in suffixes)
    }
    if not built:
        return False
    recorded = _read_stamp(os.path.join(folder, STAMP)) if STAMP in entries else {}
    problems = [
        f"{name} changed since the build"
        for name in sorted(built & recorded.keys())
        if recorded[name] != _digest(os.path.join(folder, name))
    ]
    problems += [f"{name} has no recorded build" for name in sorted(built - recorded.keys())]
    problems += [
        f"{name} is not compiled" for name in sorted(recorded.keys() - built) if name in entries
    ]
    if problems:
        raise StaleEngineError(
            f"tonearm.matching: the compiled engine in {folder} does not match its sources ("
            + "; ".join(problems)
            + "). Run `make native` to rebuild it, or delete the .so files there to run the "
            "pure-Python engine."
        )
    return True


def running_compiled(package: str, folder: str = FOLDER) -> bool:
    """Whether every engine module of ``package`` was loaded from an extension module."""
    for name in engine_sources(folder):
        module = sys.modules.get(f"{package}.{name[:-3]}")
        if module is None or (module.__file__ or "").endswith(".py"):
            return False
    return True


def _extension_suffixes() -> list[str]:
    # importlib.machinery's list, read without importing importlib (this runs on every start).
    import _imp

    return _imp.extension_suffixes()


def _read_stamp(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as stamp:
        rows = [line.split() for line in stamp if line.strip() and not line.startswith("#")]
    return {row[1]: row[0] for row in rows if len(row) == 2}


def _digest(path: str) -> str:
    # BLAKE2b from its built-in module: hashlib would load OpenSSL (milliseconds on every start)
    # and the built-in sha256 hashes the sources four times slower.
    from _blake2 import blake2b

    with open(path, "rb") as source:
        return blake2b(source.read()).hexdigest()
