"""Calls sanbugs.racy_increment (or its race-free twin) from 4 threads at once, without the GIL.

    pydebug run tsan -- python build.py sanbugs
    pydebug run tsan -- python race.py racy      # ThreadSanitizer: data race in racy_increment, exit 66
    pydebug run tsan -- python race.py atomic    # no report, exit 0

Each thread calls the function (100000 increments a call) for RACE_SECONDS (default 0.5), so
the threads' loops overlap however the machine schedules them; the increments per second it
prints compare builds (the cost of ThreadSanitizer). Under a free-threaded build the threads
really run in parallel; the script refuses to run with the GIL on (a GIL would hide the race).
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build",
                                "%s-%s" % (os.environ["PYDEBUG_VERSION"], os.environ["PYDEBUG_VARIANT"])))
import sanbugs  # noqa: E402

kind = sys.argv[1] if len(sys.argv) > 1 else "racy"
increment = {"racy": sanbugs.racy_increment, "atomic": sanbugs.atomic_increment}[kind]
if getattr(sys, "_is_gil_enabled", lambda: True)():
    sys.exit("the GIL is enabled: run this under a free-threaded build (freethreading: true)")

THREADS, PER_CALL = 4, 100_000
seconds = float(os.environ.get("RACE_SECONDS", "0.5"))
start = threading.Barrier(THREADS)
calls = [0] * THREADS


def work(i):
    start.wait()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        increment(PER_CALL)
        calls[i] += 1


threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
total = sum(calls) * PER_CALL
print("%s: %d threads, %d increments in %.1f s (%.0f per second), GIL enabled: %s"
      % (kind, THREADS, total, seconds, total / seconds, sys._is_gil_enabled()))
