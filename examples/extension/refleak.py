"""Reference-leak check with sys.gettotalrefcount(), for pydebug (Py_REF_DEBUG) interpreters.

    delta = refs_per_call(func, *args)     # new references left behind per call

Calls `func` a few times to warm caches, then `calls` times between two readings of the
interpreter's total reference count; what is left over, divided by the calls, is the leak per
call. A correct function gives 0 (small noise averages away); leak_new_reference(v, 1) gives 1.
This is what regrtest's -R option and pytest-leaks do, which both need a pydebug build.
"""
import gc
import sys


def refs_per_call(func, *args, calls=2000, warmup=20):
    if not hasattr(sys, "gettotalrefcount"):
        raise SystemExit("sys.gettotalrefcount() is missing: run this under a pydebug variant (pydebug run debug -- python ...)")
    for _ in range(warmup):
        func(*args)
    gc.collect()
    before = sys.gettotalrefcount()
    for _ in range(calls):
        func(*args)
    gc.collect()
    after = sys.gettotalrefcount()
    # The loop itself allocates nothing that survives; the two readings differ by one or two
    # references of their own, which the division by `calls` turns into noise below 0.01.
    return (after - before) / calls


def check(cases, threshold=0.5):
    """Prints one line per (name, func, args) case; returns the names that leak."""
    leaking = []
    for name, func, args in cases:
        delta = refs_per_call(func, *args)
        verdict = "LEAK" if delta >= threshold else "ok"
        print("%-24s %8.2f refs/call  %s" % (name, delta, verdict))
        if verdict == "LEAK":
            leaking.append(name)
    return leaking
