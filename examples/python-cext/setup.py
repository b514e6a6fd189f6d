# The C accelerator: setuptools compiles it when the package is built, so building needs a C compiler
# and Python's headers (both in the full python image).
from setuptools import Extension, setup

setup(ext_modules=[Extension("wordstats._count", sources=["src/count.c"])])
