"""Build cpyrefs and sanbugs against the running interpreter with a plain compiler call.

Everything comes from the interpreter's own sysconfig: the compiler, the flags it was configured
with (so a debug build's macros reach the extension), the include directory and the extension
suffix. Each variant builds into build/<version>-<variant>/ (set by `pydebug run`), because the
pydebug, trace-refs and no-pymalloc variants share one suffix (cpython-311d) yet not one ABI.

    pydebug run debug -- python build.py
    pydebug run --all -- python build.py
    pydebug run tsan -- python build.py sanbugs    (only the modules named)
"""
import os
import shlex
import subprocess
import sys
import sysconfig

here = os.path.dirname(os.path.abspath(__file__))
tag = "%s-%s" % (os.environ.get("PYDEBUG_VERSION", "%d.%d" % sys.version_info[:2]), os.environ.get("PYDEBUG_VARIANT", "python"))
out_dir = os.path.join(here, "build", tag)
os.makedirs(out_dir, exist_ok=True)

v = sysconfig.get_config_var
cc = shlex.split(v("CC"))
cflags = shlex.split(v("CFLAGS") or "") + shlex.split(v("CCSHARED") or "")
ldshared = shlex.split(v("LDSHARED"))[1:]  # the flags after the compiler name (-fsanitize=... too)
for name in sys.argv[1:] or ["cpyrefs", "sanbugs"]:
    target = os.path.join(out_dir, name + v("EXT_SUFFIX"))
    cmd = cc + cflags + ["-I" + sysconfig.get_paths()["include"], os.path.join(here, name + ".c"), "-o", target] + ldshared
    print(" ".join(shlex.quote(a) for a in cmd), flush=True)
    subprocess.run(cmd, check=True)
    print("built", target)
