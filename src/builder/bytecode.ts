/**
 * Every module of a staged install gets its bytecode before the entry is recorded, so that no
 * import ever writes into the store. `make install` compiles the standard library (compileall)
 * and pip compiles what ensurepip installs, but the slim install copies test/__init__.py after
 * them. The install runs with SOURCE_DATE_EPOCH set (build.ts), which makes py_compile's default
 * checked-hash (PEP 552) in every version from 3.7: a .pyc records its source's hash, not its
 * mtime, so a copy or a restore that does not keep mtimes (a cache archive, a `cp -r`) leaves
 * every .pyc valid. With timestamp .pycs, a debug build (frozen modules are off in Py_DEBUG builds,
 * so even abc and os are imported from source) rewrote them on the next import.
 */
import { execa } from 'execa';
import { InterruptedError, PydebugError } from '../errors.js';

// biome-ignore lint/complexity/noUselessStringRaw: Python source: raw, so a backslash added to it reaches Python as written
const COMPILE_MISSING_SCRIPT = String.raw`
import importlib.util, json, os, py_compile, sys
staged, final = sys.argv[1], sys.argv[2]
mode = py_compile.PycInvalidationMode.CHECKED_HASH
compiled, failed = [], []
lib = os.path.join(staged, "lib")
for top in sorted(os.listdir(lib)):
    if not top.startswith("python"):
        continue
    for root, dirs, files in os.walk(os.path.join(lib, top)):
        # config-3.13-x86_64-linux-gnu holds scripts (python-config.py), never imported.
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("config-"))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            src = os.path.join(root, name)
            if os.path.exists(importlib.util.cache_from_source(src)):
                continue
            rel = os.path.relpath(src, staged)
            try:
                for optimize in (0, 1, 2):
                    py_compile.compile(src, dfile=os.path.join(final, rel), optimize=optimize, invalidation_mode=mode, doraise=True)
                compiled.append(rel)
            except py_compile.PyCompileError:
                # Test data that is not Python on purpose (lib2to3's, in a full install).
                failed.append(rel)
sys.stdout.write(json.dumps({"compiled": compiled, "failed": failed}))
`;

export interface CompiledBytecode {
  /** Sources (relative to the prefix) that had no bytecode and now have it, at every optimization level. */
  compiled: string[];
  /** Sources that do not compile (test data); they are never imported. */
  failed: string[];
}

/**
 * Compiles, with the staged interpreter, every .py under <staged>/lib/python*\/ that has no
 * .pyc, recording <final>'s paths in the bytecode (as `make install`'s compileall -d does).
 */
export async function compileMissingBytecode(python: string, staged: string, final: string, options: { env: Record<string, string>; signal?: AbortSignal }): Promise<CompiledBytecode> {
  const r = await execa(python, ['-E', '-c', COMPILE_MISSING_SCRIPT, staged, final], { reject: false, env: options.env, extendEnv: false, cancelSignal: options.signal });
  if (r.isCanceled) throw new InterruptedError();
  if (r.exitCode !== 0) {
    throw new PydebugError(`compiling the bytecode of the staged install failed (exit ${r.exitCode ?? r.signal}):\n${r.stderr.split('\n').slice(-5).join('\n')}`, {
      hint: 'the staged interpreter could not run py_compile: see the build log',
    });
  }
  return JSON.parse(r.stdout) as CompiledBytecode;
}
