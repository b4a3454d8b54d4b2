"""Build of the optional compiled module ``scrapers._lexbor`` (``scrapers/_lexbor.pyx``, the extractor's tree reads).

Everything else about the package is declared in pyproject.toml; setuptools reads compiled
extensions only from here. The module is optional: where it cannot be built (no C compiler,
no Cython, the lexbor headers out of reach) the install still succeeds, with a warning, and
geowire reads trees in pure Python (``scrapers/_lexbor_py.py``: the same records, slower).

It is compiled against selectolax's own declarations (``selectolax/lexbor.pxd``, which
Cython's ``cimport`` reads from the installed selectolax) and the lexbor headers those
declarations include. selectolax's wheels do not ship the headers; its source archive of
the same release does, so the build fetches that archive once with pip (``pip download``)
and keeps the headers in ``build/lexbor-headers-<version>/``. ``GEOWIRE_LEXBOR_INCLUDE``
names another folder that holds them (``lexbor/html/html.h`` ...), for an offline build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
MODULE = Extension("scrapers._lexbor", ["scrapers/_lexbor.pyx"])


def lexbor_headers(release: str) -> Path:
    """A folder with the lexbor headers of selectolax ``release`` (lexbor/html/html.h ...)."""
    given = os.environ.get("GEOWIRE_LEXBOR_INCLUDE")
    if given:
        return Path(given)
    kept = ROOT / "build" / f"lexbor-headers-{release}"
    if (kept / "lexbor" / "html" / "html.h").is_file():
        return kept
    with tempfile.TemporaryDirectory() as folder:
        print(f"fetching selectolax {release}'s source archive for its lexbor headers", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "--no-build-isolation", "--dest", folder, f"selectolax=={release}"], check=True)
        archive = next(Path(folder).glob("selectolax-*.tar.gz"))
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                parts = PurePosixPath(member.name).parts  # selectolax-X/lexbor/source/lexbor/.../name.h
                if member.isfile() and member.name.endswith(".h") and parts[1:3] == ("lexbor", "source") \
                        and ".." not in parts:
                    target = kept.joinpath(*parts[3:])
                    target.parent.mkdir(parents=True, exist_ok=True)
                    source = tar.extractfile(member)
                    assert source is not None
                    target.write_bytes(source.read())
    return kept


class OptionalBuildExt(build_ext):
    """Cythonize and compile ``scrapers._lexbor`` against the installed selectolax; on any failure, warn and go
    on without it."""

    def run(self) -> None:
        try:
            from importlib.metadata import version

            from Cython.Build import cythonize

            release = version("selectolax")
            MODULE.include_dirs = [str(lexbor_headers(release))]
            MODULE.define_macros = [("GEOWIRE_SELECTOLAX_VERSION", f'"{release}"')]
            if sys.platform != "win32":
                MODULE.extra_compile_args = ["-ffp-contract=off"]  # the walk's scores, bit for bit as in Python
            [compiled] = cythonize([MODULE], language_level=3, quiet=True, build_dir="build/cython")
            MODULE.sources = compiled.sources  # the generated C
            super().run()
        except Exception as exc:  # the module is optional: any failure leaves the pure-Python reads
            Path(self.get_ext_fullpath(MODULE.name)).unlink(missing_ok=True)  # no stale module from an earlier build
            print(f"warning: scrapers._lexbor not built ({type(exc).__name__}: {exc}); geowire will read pages "
                  "in pure Python, several times slower (see README, Quick start)", file=sys.stderr)


setup(ext_modules=[MODULE], cmdclass={"build_ext": OptionalBuildExt})
