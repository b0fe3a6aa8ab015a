/**
 * A store entry does not change by being used (issue 26, item 2), on the real shared 3.11.2
 * builds: read-only files and folders, PEP 668's EXTERNALLY-MANAGED, bytecode for every module
 * compiled checked-hash (so an import never rewrites a .pyc, even in a copy whose mtimes
 * differ), and, where an entry was changed anyway (root ignores modes), which and list name
 * the files. Changes are made only to copies in separate stores: other files use the shared one.
 */

import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { cleanEnv, runCli } from '../support/cli.js';

const e2e = inject('e2e');
const env = () => cleanEnv({ PYDEBUG_HOME: e2e.home, PYDEBUG_MIRROR: e2e.mirror });
const cli = (args: string[], cwd = e2e.projectDir, extraEnv: Record<string, string> = {}) => runCli(args, { cwd, env: { ...env(), ...extraEnv } });

interface ListedEntry {
  id: string;
  status: string;
  python: string;
  prefix: string;
  entry_key: string;
  changed: string[] | null;
}

let debug: ListedEntry;
beforeAll(async () => {
  const r = await cli(['list', '--json']);
  expect(r.code, r.stderr).toBe(0);
  debug = (JSON.parse(r.stdout) as ListedEntry[]).find((e) => e.id === '3.11.2-debug')!;
  expect(debug.changed).toEqual([]);
});

const LIB = 'lib/python3.11';

/** A separate store with a copy of the debug entry, and a copy of the project that names it. */
async function privateCopy(prefix: string, options: { preserveTimestamps: boolean }): Promise<{ home: string; project: string; entry: string }> {
  const home = await mkdtemp(join(e2e.work, `${prefix}-home-`));
  await new Store(home).ensureLayout();
  const entry = join(home, 'entries', debug.entry_key);
  await cp(debug.prefix, entry, { recursive: true, verbatimSymlinks: true, preserveTimestamps: options.preserveTimestamps });
  const project = await mkdtemp(join(e2e.work, `${prefix}-project-`));
  for (const f of ['pydebug.yml', 'pydebug.lock']) await cp(join(e2e.projectDir, f), join(project, f));
  return { home, project, entry };
}

describe('a built entry', () => {
  it('has no write bit on any file or folder', async () => {
    const writable: string[] = [];
    for (const e of await readdir(debug.prefix, { recursive: true, withFileTypes: true })) {
      if (e.isSymbolicLink()) continue;
      const path = join(e.parentPath, e.name);
      if (((await stat(path)).mode & 0o222) !== 0) writable.push(path);
    }
    expect(writable).toEqual([]);
    expect((await stat(debug.prefix)).mode & 0o222).toBe(0);
  });

  it("carries PEP 668's EXTERNALLY-MANAGED where pip looks for it, recorded in files.sha256", async () => {
    const where = await execa(debug.python, ['-c', 'import sysconfig; print(sysconfig.get_path("stdlib"))']);
    expect(where.stdout).toBe(join(debug.prefix, LIB));
    const text = await readFile(join(debug.prefix, LIB, 'EXTERNALLY-MANAGED'), 'utf8');
    expect(text).toMatch(/^\[externally-managed\]\nError=This is pydebug's store interpreter 3\.11\.2-debug/);
    expect(text).toContain('pydebug run debug -- python -m pip install <package>');
    expect(await readFile(join(debug.prefix, 'share/pydebug/files.sha256'), 'utf8')).toMatch(new RegExp(`^[0-9a-f]{64} \\d+ f ${LIB}/EXTERNALLY-MANAGED$`, 'm'));
    // pip 23+ (bundled from 3.12 on) refuses to install; 3.11.2 bundles pip 22.3, which does not read the file.
    const pip = await execa(debug.python, ['-m', 'pip', '--version']);
    const major = Number(/^pip (\d+)/.exec(pip.stdout)?.[1]);
    if (major >= 23) {
      const install = await execa(debug.python, ['-m', 'pip', 'install', '--no-index', 'iniconfig'], { reject: false });
      expect(install.exitCode).not.toBe(0);
      expect(install.stderr).toContain('pydebug run debug -- python -m pip install <package>');
    } else {
      expect(major).toBe(22);
    }
  });

  it('has checked-hash bytecode for every module (test.support and pip included)', async () => {
    const script = `
import importlib.util, os, sys
lib = os.path.join(sys.prefix, "lib", "python3.11")
missing, timestamped = [], []
for root, dirs, files in os.walk(lib):
    dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith("config-")]
    for name in files:
        if name.endswith(".py"):
            src = os.path.join(root, name)
            # pip compiles what it installs at -O0 only; make install, the stdlib at every level.
            for opt in ("",) if "site-packages" in root else ("", 1, 2):
                pyc = importlib.util.cache_from_source(src, optimization=opt)
                if not os.path.exists(pyc):
                    missing.append(pyc)
                elif int.from_bytes(open(pyc, "rb").read(8)[4:8], "little") != 3:
                    timestamped.append(pyc)
print(len(missing), len(timestamped), missing[:3], timestamped[:3])
`;
    expect((await execa(debug.python, ['-c', script])).stdout).toBe('0 0 [] []');
  });
});

describe('using an entry does not change it', () => {
  it('importing from a copy whose mtimes all differ rewrites no .pyc (a restore that does not keep mtimes)', async () => {
    const { home, entry } = await privateCopy('mtimes', { preserveTimestamps: false });
    // Sources one day older than when built: a timestamp .pyc would be stale and rewritten.
    const day = new Date(Date.now() - 86_400_000);
    for (const name of ['abc.py', 'os.py', 'json/__init__.py']) await utimes(join(entry, LIB, name), day, day);
    const pyc = join(entry, LIB, '__pycache__', 'abc.cpython-311.pyc');
    const before = await readFile(pyc);
    const beforeCache = await readdir(join(entry, LIB, '__pycache__'));
    // Without PYTHONDONTWRITEBYTECODE (CI shells may set it): a user's interpreter writes bytecode.
    const r = await execa(join(entry, 'bin', 'python3'), ['-c', 'import abc, os, json, test.support; print(abc.__file__)'], { env: { PATH: process.env.PATH ?? '' }, extendEnv: false });
    expect(r.stdout).toBe(join(entry, LIB, 'abc.py'));
    expect(await readFile(pyc)).toEqual(before);
    expect(await readdir(join(entry, LIB, '__pycache__'))).toEqual(beforeCache);
    await rm(home, { recursive: true, force: true });
  });

  it('after a change that file modes do not stop (root), which and list name the file; sync says it was changed before it rebuilds', async () => {
    const { home, project, entry } = await privateCopy('changed', { preserveTimestamps: true });
    const extra = { PYDEBUG_HOME: home };
    expect((await cli(['which', 'debug'], project, extra)).stderr).toBe('');
    const added = `${LIB}/site-packages/iniconfig/__init__.py`;
    await mkdir(join(entry, LIB, 'site-packages', 'iniconfig'), { recursive: true });
    await writeFile(join(entry, added), '__version__ = "2.0.0"\n');
    const which = await cli(['which', 'debug'], project, extra);
    expect([which.code, which.stdout.trim()]).toEqual([0, join(entry, 'bin', 'python3')]);
    expect(which.stderr).toContain(`warning: 3.11.2-debug: its store entry was changed since it was built (1 file: ${added} is not part of the build)`);
    const list = await cli(['list'], project, extra);
    expect(list.stdout).toMatch(/^3\.11\.2-debug\s+built, changed\s/m);
    expect(list.stderr).toContain(added);
    // sync --frozen with no mirror: it says why it rebuilds, then stops at the download.
    const sync = await cli(['sync', '--frozen', '--variant', 'debug'], project, { ...extra, PYDEBUG_MIRROR: 'http://127.0.0.1:9/ftp/python' });
    expect(sync.stderr).toContain(
      `3.11.2-debug: its store entry was changed since it was built (1 file: ${added} is not part of the build), e.g. by pip install into the store interpreter; rebuilding it.`,
    );
    await rm(home, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });
});
