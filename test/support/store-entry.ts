/**
 * A small store entry written the way a build writes one (a shell script as the interpreter, a
 * fake libpython, stdlib files, the manifest from the function the build uses), staged in the
 * store's tmp/ for Store.install.
 */
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../../src/store/store.js';
import { DEBUG_MACROS } from './manifest.js';

export const ENTRY_PYTHON_SCRIPT = '#!/bin/sh\necho "Python 3.11.2"\n';

export async function writeEntryFiles(prefix: string): Promise<void> {
  await mkdir(join(prefix, 'bin'), { recursive: true });
  await writeFile(join(prefix, 'bin', 'python3.11'), ENTRY_PYTHON_SCRIPT);
  await chmod(join(prefix, 'bin', 'python3.11'), 0o755);
  await symlink('python3.11', join(prefix, 'bin', 'python3'));
  await mkdir(join(prefix, 'lib', 'python3.11', 'json', '__pycache__'), { recursive: true });
  await writeFile(join(prefix, 'lib', 'libpython3.11d.so.1.0'), 'ELF fake libpython');
  await symlink('libpython3.11d.so.1.0', join(prefix, 'lib', 'libpython3.11d.so'));
  await writeFile(join(prefix, 'lib', 'python3.11', 'os.py'), 'import sys\n');
  await writeFile(join(prefix, 'lib', 'python3.11', 'json', 'decoder.py'), 'def decode(): pass\n');
  await writeFile(join(prefix, 'lib', 'python3.11', 'json', '__pycache__', 'decoder.cpython-311.pyc'), 'pyc bytes\n');
  await mkdir(join(prefix, 'share', 'pydebug'), { recursive: true });
  await writeFile(join(prefix, 'share', 'pydebug', 'build.log'), '# pydebug build\n');
}

/** A complete entry for `key` in a new temporary folder of the store, ready for install. */
export async function stageEntry(store: Store, key: string): Promise<string> {
  const staged = join(await store.makeTemp('build'), 'prefix');
  await writeEntryFiles(staged);
  await store.writeManifest(staged, {
    entry_key: key,
    lock_key: '0123456789abcdef',
    id: '3.11.2-debug',
    version: '3.11.2',
    variant: 'debug',
    python: 'bin/python3',
    prefix: store.entryDir(key),
    configure: ['--with-pydebug', '--enable-shared'],
    compiler: { name: 'cc', version: 'cc 13', target: 'x86_64-linux-gnu' },
    expect: { abiflags: 'd', macros: DEBUG_MACROS, sanitizers: [] },
    proven: { abiflags: 'd', macros: DEBUG_MACROS, sanitizers: [], evidence: {} },
    env: {},
    built_at: '2026-01-01T00:00:00.000Z',
    timings: { total: 1 },
    files: { log: 'share/pydebug/build.log' },
  });
  return staged;
}
