"""Undefined behaviour in sanbugs, seen by an UndefinedBehaviorSanitizer build.

    pydebug run ubsan -- python build.py sanbugs
    pydebug run ubsan -- python undefined_behavior.py overflow     # signed integer overflow (gcc)
    pydebug run ubsan -- python undefined_behavior.py shift        # shift exponent too large
    pydebug run ubsan -- python undefined_behavior.py misaligned   # load of misaligned address
    pydebug run ubsan -- python undefined_behavior.py aligned      # the correct twin: no report
    pydebug run asan -- python undefined_behavior.py heap          # heap-use-after-free (ASan)

pydebug gives UBSan variants UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1, so the first
report stops the program with a non-zero exit instead of scrolling past. Under clang, signed
overflow is not reported: CPython builds extensions with -fno-strict-overflow, which clang takes
as -fwrapv (overflow defined as wrapping); gcc's UBSan still reports it.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build",
                                "%s-%s" % (os.environ["PYDEBUG_VERSION"], os.environ["PYDEBUG_VARIANT"])))
import sanbugs  # noqa: E402

case = sys.argv[1]
if case == "overflow":
    print(sanbugs.signed_overflow(2**31 - 1))
elif case == "shift":
    print(sanbugs.bad_shift(40))
elif case == "misaligned":
    print(sanbugs.misaligned_load(2))
elif case == "aligned":
    print(sanbugs.aligned_load(2))
elif case == "heap":
    print(sanbugs.use_after_free())
else:
    sys.exit("unknown case %r" % case)
