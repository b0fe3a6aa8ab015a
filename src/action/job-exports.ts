/**
 * What the Action hands to the rest of the job beyond what `pydebug run` exports (pure): the
 * variables setup-python sets, which CMake's FindPython, scikit-build and pkg-config users rely
 * on, and the `pydebug` command, a shim that runs this very bundle's CLI with this very node.
 */
import { delimiter } from 'node:path';
import type { Env } from '../platform/index.js';

/** A libpython shared object (--enable-shared), as opposed to the static libpython3.X.a. */
export function hasSharedLibpython(libFiles: string[]): boolean {
  return libFiles.some((name) => /^libpython.*\.so(\.|$)/.test(name));
}

function prepend(dir: string, list: string | undefined): string {
  return list ? `${dir}${delimiter}${list}` : dir;
}

/** As setup-python: pythonLocation and the FindPython roots are the install prefix. */
export function setupPythonVars(prefix: string, base: Env, sharedLibpython: boolean): Record<string, string> {
  const vars: Record<string, string> = {
    pythonLocation: prefix,
    Python_ROOT_DIR: prefix,
    Python3_ROOT_DIR: prefix,
    PKG_CONFIG_PATH: prepend(`${prefix}/lib/pkgconfig`, base.PKG_CONFIG_PATH),
  };
  // Only a shared build needs it; a static one would only shadow the system's libraries.
  if (sharedLibpython) vars.LD_LIBRARY_PATH = prepend(`${prefix}/lib`, base.LD_LIBRARY_PATH);
  return vars;
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `pydebug` command of the rest of the job: no package registry, the CLI shipped with this Action. */
export function pydebugShim(node: string, cliJs: string): string {
  return `#!/bin/sh\n# Written by the pydebug Action: its own CLI, run by the node that runs the Action.\nexec ${shQuote(node)} ${shQuote(cliJs)} "$@"\n`;
}
