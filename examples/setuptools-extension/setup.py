# A setuptools C extension that knows which interpreter build it was compiled for: importing it
# under another build fails. `pydebug run --all -- python -m pip install .` must leave every
# variant with a copy compiled for it (each variant builds in its own environment's build/).
from setuptools import Extension, setup

setup(
    name="macroreport",
    version="1.0",
    packages=["macroreport"],
    ext_modules=[Extension("macroreport._compiled", ["macroreport/_compiled.c"])],
)
