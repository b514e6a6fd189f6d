# The C extension links against libyaml: building it needs gcc and libyaml-dev, running it libyaml-0-2.
from setuptools import Extension, setup

setup(ext_modules=[Extension("confcheck._scan", sources=["src/scan.c"], libraries=["yaml"])])
