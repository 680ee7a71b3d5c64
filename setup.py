"""The build's one step beyond pyproject.toml: compile the persons extractor with mypyc.

``indexer/persons/native.py`` lists the modules and explains the rest.  Set
``VNNEWS_PURE_PYTHON=1`` to install without compiling; where the C compiler fails (none,
no Python headers) the install goes on without it and the extractor runs from its
sources, slower, with the same output.  A type error that mypyc finds in the sources
stops the install.
"""
import os
import runpy
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

native = runpy.run_path(os.path.join("indexer", "persons", "native.py"))


class OptionalBuildExt(build_ext):
    """Compile what can be compiled; a failure is a warning, not a failed install."""

    def run(self):
        try:
            super().run()
        except Exception as e:  # noqa: BLE001 - a compiler's failure comes as several kinds
            _without(e)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as e:  # noqa: BLE001
            _without(e)


def _without(error):
    print(f"warning: the persons extractor was not compiled ({error}); it runs from its sources",
          file=sys.stderr)
    try:
        os.remove(native["BUILD_RECORD"])
    except OSError:
        pass


# the commands that build (pip's metadata steps, egg_info and dist_info, need no compiling)
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def ext_modules():
    if native["pure_python_asked"]() or not BUILDING & set(sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("warning: mypyc is not available; the persons extractor is not compiled", file=sys.stderr)
        return []
    paths = [os.path.join("indexer", "persons", f"{name}.py") for name in native["COMPILED_MODULES"]]
    # a type error stops the install (mypyc prints it): it is the sources' fault, the same on
    # every machine, and would otherwise leave the extractor slower without a word
    modules = mypycify(paths, opt_level="3", group_name=native["GROUP_NAME"])
    native["write_build_record"]()
    return modules


setup(ext_modules=ext_modules(), cmdclass={"build_ext": OptionalBuildExt})
