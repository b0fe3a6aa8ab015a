"""Calls sanbugs.racy_increment (or its race-free twin) from 4 threads at once, without the GIL.

    pydebug run tsan -- python build.py sanbugs
    pydebug run tsan -- python race.py racy      # ThreadSanitizer: data race in racy_increment, exit 66
    pydebug run tsan -- python race.py atomic    # no report, exit 0

Under a free-threaded build the threads really run in parallel; the script refuses to run with
the GIL on (a GIL would hide the race).
"""
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build",
                                "%s-%s" % (os.environ["PYDEBUG_VERSION"], os.environ["PYDEBUG_VARIANT"])))
import sanbugs  # noqa: E402

kind = sys.argv[1] if len(sys.argv) > 1 else "racy"
increment = {"racy": sanbugs.racy_increment, "atomic": sanbugs.atomic_increment}[kind]
gil = getattr(sys, "_is_gil_enabled", lambda: True)()
if gil:
    sys.exit("the GIL is enabled: run this under a free-threaded build (freethreading: true)")

THREADS, N = 4, int(os.environ.get("RACE_ITERATIONS", "200000"))
start = threading.Barrier(THREADS)


def work():
    start.wait()
    increment(N)


threads = [threading.Thread(target=work) for _ in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("%s: %d threads x %d increments, GIL enabled: %s" % (kind, THREADS, N, gil))
