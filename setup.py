"""Build of the one C extension, ``scrapers._lexbor`` (the extractor's hot loops over lexbor's tree).

Everything else about the package is declared in pyproject.toml; setuptools reads
compiled extensions only from here. It needs a C compiler and the Python headers.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("scrapers._lexbor", ["scrapers/_lexbor.c"])])
