"""The recipe's access_after_free. Under a pydebug variant the freed object's memory is filled
with 0xDD, so its reference count reads 0xDDDDDDDDDDDDDDDD = -2459565876494606883; under the
valgrind variant (no pymalloc) Valgrind reports the invalid read.

    pydebug run debug -- python use_after_free.py
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "build",
                                "%s-%s" % (os.environ["PYDEBUG_VERSION"], os.environ["PYDEBUG_VARIANT"])))
import cpyrefs  # noqa: E402

cpyrefs.access_after_free()
