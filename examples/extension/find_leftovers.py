"""What did a leaking function leave behind? sys.getobjects() (Py_TRACE_REFS) lists every live
object, so the leaked ints can be counted. Run under the trace-refs variant:

    pydebug run trace-refs -- python find_leftovers.py
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build",
                                "%s-%s" % (os.environ["PYDEBUG_VERSION"], os.environ["PYDEBUG_VARIANT"])))
import cpyrefs  # noqa: E402

MARK = 987654321  # a value no other live int has


def live_marks():
    return sum(1 for o in sys.getobjects(0, int) if o == MARK)


before = live_marks()
cpyrefs.new_reference(MARK, 10)
after_correct = live_marks()
cpyrefs.leak_new_reference(MARK, 10)
after_leak = live_marks()
print("live int(%d) objects: %d before, %d after new_reference(x, 10), %d after leak_new_reference(x, 10)"
      % (MARK, before, after_correct, after_leak))
print("left behind by leak_new_reference:", after_leak - after_correct)
