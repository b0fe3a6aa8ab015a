/**
 * A small entry that names its prefix where a CPython install does (a _sysconfigdata module and
 * its bytecode, the Makefile, a pkg-config file, a bin/ script's #! line, a static library, the
 * build log), written the way a build writes it, with the machine's python3 behind its
 * interpreter (so the bytecode of a rewritten module is compiled for real).
 */

import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Store } from '../../src/store/store.js';
import { DEBUG_MACROS } from './manifest.js';

export const KEY = 'pydebug-3.11.2-debug-0123456789abcdef-linux-x64-01234567';
export const DATA = 'lib/python3.11/_sysconfigdata_d_linux_x86_64-linux-gnu.py';
export const PYC = 'lib/python3.11/__pycache__/_sysconfigdata_d_linux_x86_64-linux-gnu.cpython-311.pyc';
export const PC = 'lib/pkgconfig/python-3.11.pc';
export const MAKEFILE = 'lib/python3.11/config-3.11d-x86_64-linux-gnu/Makefile';

/** The entry's interpreter: the machine's python3, through a shell script (`before` runs first). */
export function interpreterScript(before = ''): string {
  return `#!/bin/sh\n${before}exec python3 "$@"\n`;
}

/**
 * Writes the entry for the prefix `built` into `prefix` and its manifest. `extra` runs before
 * the files are hashed, so what it adds is part of the build.
 */
export async function writeRelocatableEntry(store: Store, prefix: string, built: string, extra?: (prefix: string) => Promise<void>): Promise<void> {
  await mkdir(join(prefix, 'bin'), { recursive: true });
  await writeFile(join(prefix, 'bin', 'python3.11'), interpreterScript(), { mode: 0o755 });
  await symlink('python3.11', join(prefix, 'bin', 'python3'));
  await writeFile(join(prefix, 'bin', 'pip3'), `#!${built}/bin/python3.11\n# -*- coding: utf-8 -*-\nimport sys\n`, { mode: 0o755 });
  await mkdir(join(prefix, 'lib', 'python3.11', 'config-3.11d-x86_64-linux-gnu'), { recursive: true });
  await mkdir(join(prefix, 'lib', 'pkgconfig'), { recursive: true });
  await writeFile(join(prefix, DATA), `build_time_vars = {'prefix': '${built}', 'INCLUDEPY': '${built}/include/python3.11d', 'OTHER': '${built}-other/x'}\n`);
  await execa('python3', [
    '-c',
    'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], dfile=sys.argv[3], invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH, doraise=True)',
    join(prefix, DATA),
    join(prefix, PYC),
    `${built}/${DATA}`,
  ]);
  await writeFile(join(prefix, MAKEFILE), `prefix=\t\t${built}\nLIBDIR=\t\t$(exec_prefix)/lib\n`);
  await writeFile(join(prefix, PC), `prefix=${built}\nincludedir=\${prefix}/include\n`);
  await writeFile(join(prefix, 'lib', 'libpython3.11d.a'), `!<arch>\n${built}\0getpath.o`);
  await writeFile(join(prefix, 'lib', 'python3.11', 'os.py'), 'import sys\n');
  await mkdir(join(prefix, 'share', 'pydebug'), { recursive: true });
  await writeFile(join(prefix, 'share', 'pydebug', 'build.log'), `./configure --prefix=${built}\n`);
  if (extra) await extra(prefix);
  await store.writeManifest(prefix, {
    entry_key: KEY,
    lock_key: '0123456789abcdef',
    id: '3.11.2-debug',
    version: '3.11.2',
    variant: 'debug',
    python: 'bin/python3',
    prefix: built,
    configure: ['--with-pydebug', `--prefix=${built}`],
    compiler: { name: 'cc', version: 'cc 13', target: 'x86_64-linux-gnu' },
    expect: { abiflags: 'd', macros: DEBUG_MACROS, sanitizers: [] },
    proven: { abiflags: 'd', macros: DEBUG_MACROS, sanitizers: [], evidence: {} },
    env: {},
    built_at: '2026-01-01T00:00:00.000Z',
    timings: { total: 1 },
    files: { log: 'share/pydebug/build.log' },
  });
}
