/**
 * A project in a temp directory for in-process CLI tests: pydebug.yml, the lock `pydebug lock`
 * would write for it, a store, and store entries written by hand the way a build writes them
 * (a shell script as the interpreter, the manifest from the same function the build uses).
 */
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { Store } from '../../src/store/store.js';
import { lockedSource, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { type InProcessRun, runInProcess } from './in-process.js';

export interface TestProject {
  root: string;
  dir: string;
  store: Store;
  env: Record<string, string>;
  pydebug(argv: string[], cwd?: string): Promise<InProcessRun>;
  cleanup(): Promise<void>;
}

export function freshLockText(yaml: string): string {
  return serializeLock(assembleLock(projectConfig(yaml), { '3.13.2': lockedSource() }));
}

/**
 * A project directory (root/project) holding `yaml` and its fresh lock, and a store (root/home,
 * or `home`: another project's store, for projects sharing one; cleanup leaves it to its owner).
 */
export async function makeProject(yaml = RECIPE_YAML, options: { lock?: boolean; home?: string } = {}): Promise<TestProject> {
  const root = await mkdtemp(join(tmpdir(), 'pydebug-cli-'));
  const dir = join(root, 'project');
  await mkdir(dir);
  await writeFile(join(dir, 'pydebug.yml'), yaml);
  if (options.lock !== false) await writeFile(join(dir, 'pydebug.lock'), freshLockText(yaml));
  const store = new Store(options.home ?? join(root, 'home'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, PYDEBUG_HOME: store.root };
  return {
    root,
    dir,
    store,
    env,
    pydebug: (argv, cwd = dir) => runInProcess(argv, { cwd, env }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** The entry key of each entry, as `pydebug list --json` gives it. */
export async function entryKeys(p: TestProject): Promise<Record<string, string>> {
  const r = await p.pydebug(['list', '--json']);
  if (r.code !== 0) throw new Error(`list --json: ${r.stderr}`);
  return Object.fromEntries((JSON.parse(r.stdout) as Array<{ id: string; entry_key: string }>).map((e) => [e.id, e.entry_key]));
}

/**
 * The default stand-in interpreter: it prints its version; `-m venv --without-pip DIR` makes the
 * least a project environment needs (DIR/bin/python, a link back to it), and its site-packages
 * has no pip. `run` then works without the seconds a real venv takes; real environments are
 * tested in test/env/ and test/e2e/.
 */
const STAND_IN_PYTHON = `#!/bin/sh
if [ "$1" = -m ] && [ "$2" = venv ]; then mkdir -p "$4/bin" && exec ln -s "$0" "$4/bin/python"; fi
if [ "$1" = -c ]; then echo '["/nonexistent/site-packages", "'"$3"'/lib/site-packages", "3.13"]'; exit 0; fi
echo "Python 3.13.2"
`;

/** A store entry that reads as built: its interpreter is a shell script (`interpreter`, or STAND_IN_PYTHON). */
export async function fakeBuiltEntry(store: Store, key: string, id: string, options: { suppressions?: boolean; interpreter?: string } = {}): Promise<string> {
  await store.ensureLayout();
  const prefix = store.entryDir(key);
  const [version, variant] = [id.slice(0, id.indexOf('-')), id.slice(id.indexOf('-') + 1)];
  await mkdir(join(prefix, 'bin'), { recursive: true });
  await writeFile(join(prefix, 'bin', 'python3.13'), options.interpreter ?? STAND_IN_PYTHON);
  await chmod(join(prefix, 'bin', 'python3.13'), 0o755);
  await symlink('python3.13', join(prefix, 'bin', 'python3'));
  await mkdir(join(prefix, 'lib'), { recursive: true });
  await writeFile(join(prefix, 'lib', 'libpython3.13d.so.1.0'), 'ELF fake libpython');
  await mkdir(join(prefix, 'share', 'pydebug'), { recursive: true });
  await writeFile(join(prefix, 'share', 'pydebug', 'build.log'), '# pydebug build\n');
  if (options.suppressions) await writeFile(join(prefix, 'share', 'pydebug', 'valgrind-python.supp'), '{\n}\n');
  const macros = { Py_DEBUG: true, Py_REF_DEBUG: true, Py_TRACE_REFS: false, WITH_PYMALLOC: true, WITH_VALGRIND: false, Py_GIL_DISABLED: false, NDEBUG: false };
  await store.writeManifest(prefix, {
    entry_key: key,
    lock_key: '0123456789abcdef',
    id,
    version,
    variant,
    python: 'bin/python3',
    prefix,
    configure: ['--with-pydebug'],
    compiler: { name: 'cc', version: 'cc 13', target: 'x86_64-linux-gnu' },
    expect: { abiflags: 'd', macros, sanitizers: [] },
    proven: { abiflags: 'd', macros, sanitizers: [], evidence: {} },
    env: {},
    built_at: '2026-01-01T00:00:00.000Z',
    timings: { total: 1 },
    files: { log: 'share/pydebug/build.log', ...(options.suppressions ? { valgrind_suppressions: 'share/pydebug/valgrind-python.supp' } : {}) },
  });
  return join(prefix, 'bin', 'python3');
}
