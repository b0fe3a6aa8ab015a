"""Which cpyrefs functions leak references? Run under a pydebug variant:

    pydebug run debug -- python check_leaks.py

Exit status 1 when a function leaks.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build",
                                "%s-%s" % (os.environ["PYDEBUG_VERSION"], os.environ["PYDEBUG_VARIANT"])))
import cpyrefs  # noqa: E402
import refleak  # noqa: E402

leaking = refleak.check([
    ("new_reference", cpyrefs.new_reference, (1000, 1)),
    ("leak_new_reference", cpyrefs.leak_new_reference, (1000, 1)),
])
print("leaking:", ", ".join(leaking) or "none")
sys.exit(1 if leaking else 0)
