"""Refuses to import when the compiled part was built for another interpreter build.

On 3.8-3.12 a trace-refs build has another ABI under the same SOABI as a plain debug build, and a
no-pymalloc build the same ABI: an extension compiled for one loads under the other without a
word. This module compares the macros its C part saw with the interpreter's own.
"""
import sysconfig

from ._compiled import compiled_macros

MACROS = ("Py_DEBUG", "Py_TRACE_REFS", "WITH_PYMALLOC", "WITH_VALGRIND")


def interpreter_macros():
    return {m: int(bool(sysconfig.get_config_var(m))) for m in MACROS}


def check():
    compiled = compiled_macros()
    running = interpreter_macros()
    wrong = {m: (compiled[m], running[m]) for m in MACROS if compiled[m] != running[m]}
    if wrong:
        raise ImportError(
            "macroreport was compiled for another interpreter build: "
            + ", ".join(f"{m} compiled {c} running {r}" for m, (c, r) in sorted(wrong.items()))
        )
    return compiled


check()
