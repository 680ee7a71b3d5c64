"""Whether the persons extractor runs compiled or from its Python sources.

``pip install`` compiles the extractor's modules (``COMPILED_MODULES``) with mypyc
(``setup.py``): the same code, as C extensions beside the sources, about 1.6 times
faster.  The build writes the SHA-256 of each source it compiled to ``BUILD_RECORD``.
Python would import a compiled module even after its source was edited, so
``choose()``, run by ``indexer.persons`` before it imports any of them, has them all
read from their sources instead when

* ``VNNEWS_PURE_PYTHON`` is set (to anything but ``""`` or ``0``): as asked;
* nothing was compiled (no C compiler at install, or ``VNNEWS_PURE_PYTHON`` then);
* a source differs from the one compiled (edited, or checked out, since the install):
  with a ``RuntimeWarning`` saying to install again;
* the compiled modules do not load.

Either way the output is the same (``tests/test_persons_native.py`` compares them);
``STATE`` says which it is.  Only the standard library is used here: ``setup.py`` reads
this file before anything is installed.
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

PACKAGE = "indexer.persons"
HERE = Path(__file__).resolve().parent
# the modules of a met-once extraction, compiled together (they call each other natively,
# so they are all compiled or all read from their sources); not this one, not
# ``__init__`` (which runs ``choose`` first) and not ``training`` (the model's trainer)
COMPILED_MODULES = ("clusters", "contexts", "credits", "cues", "features", "lineups", "mentions", "parenthesised",
                    "reading", "roles", "rules", "runs", "shapes", "streets", "stretches", "tagged", "tagger", "words")
GROUP_NAME = f"{PACKAGE}.native"  # mypyc's group: its shared library is the module GROUP_NAME__mypyc, in this package
BUILD_RECORD = HERE / "native_build.json"
PURE_ENV = "VNNEWS_PURE_PYTHON"

STATE = "not chosen yet"


def pure_python_asked(environ=os.environ) -> bool:
    """Whether ``VNNEWS_PURE_PYTHON`` asks for the sources (set to anything but ``""`` or ``0``)."""
    return environ.get(PURE_ENV, "") not in ("", "0")


def source_digests(directory: Path = HERE) -> dict[str, str]:
    """The SHA-256 of each compiled module's source in ``directory``."""
    return {name: hashlib.sha256((directory / f"{name}.py").read_bytes()).hexdigest() for name in COMPILED_MODULES}


def write_build_record(directory: Path = HERE) -> Path:
    """Record the sources being compiled (``setup.py``, before it compiles them)."""
    path = directory / BUILD_RECORD.name
    path.write_text(json.dumps({"compiler": "mypyc", "sources": source_digests(directory)}, indent=1) + "\n",
                    encoding="utf-8")
    return path


def _compiled(directory: Path, name: str) -> bool:
    return any((directory / f"{name}{suffix}").is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def why_sources(directory: Path = HERE, environ=os.environ) -> tuple[str, bool] | None:
    """Why the modules must be read from their sources (and whether that deserves a
    warning), or ``None`` when the compiled ones are those of the sources."""
    if pure_python_asked(environ):
        return f"{PURE_ENV} is set", False
    if not any(_compiled(directory, name) for name in COMPILED_MODULES):
        return "not compiled at install", False
    try:
        record = json.loads((directory / BUILD_RECORD.name).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError):
        return f"{BUILD_RECORD.name} is missing or unreadable", True
    missing = [name for name in COMPILED_MODULES if not _compiled(directory, name)]
    if missing:
        return f"not compiled: {', '.join(missing)}", True
    changed = [name for name, digest in source_digests(directory).items() if record.get(name) != digest]
    if changed:
        return f"changed since compiled: {', '.join(changed)}", True
    return None


def load_source(name: str):
    """The module ``name`` (of ``COMPILED_MODULES``) read from its source, apart from the
    one imported (as ``<name>_source``, so that doctest does not take its functions for
    the imported module's); for its doctests, which a compiled module does not keep."""
    fullname = f"{PACKAGE}.{name}_source"
    spec = importlib.util.spec_from_file_location(fullname, HERE / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"no source for {fullname}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[fullname] = module  # while it runs (dataclasses look their module up)
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[fullname]
    return module


class SourcesFirst(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' sources ahead of their extensions."""

    def __init__(self, directory: Path = HERE, package: str = PACKAGE):
        self.directory = directory
        self.names = {f"{package}.{name}": name for name in COMPILED_MODULES}

    def find_spec(self, fullname, path=None, target=None):
        name = self.names.get(fullname)
        if name is None:
            return None
        return importlib.util.spec_from_file_location(fullname, self.directory / f"{name}.py")


def choose() -> str:
    """Have the compiled modules or their sources imported (see the module's text), once;
    returns ``STATE``: ``"compiled (mypyc)"`` or ``"sources (<why>)"``."""
    global STATE
    if STATE != "not chosen yet":
        return STATE
    reason = why_sources()
    if reason is None:
        try:
            importlib.import_module(f"{GROUP_NAME}__mypyc")
        except ImportError as e:
            reason = (f"the compiled modules do not load: {e}", True)
    if reason is None:
        STATE = "compiled (mypyc)"
        return STATE
    why, warn = reason
    if warn:
        warnings.warn(f"indexer.persons runs from its sources, slower: {why}; "
                      "install the project again (pip install -e .) to compile it", RuntimeWarning, stacklevel=3)
    sys.meta_path.insert(0, SourcesFirst())
    STATE = f"sources ({why})"
    return STATE
