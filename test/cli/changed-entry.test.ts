/**
 * An entry changed since it was built (root ignores the read-only modes, so pip install run with
 * the store interpreter succeeds): which, run and list still work, and say which files changed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

let p: TestProject;
let entry: string;
beforeEach(async () => {
  p = await makeProject();
  const key = (await entryKeys(p))['3.13.2-debug']!;
  await fakeBuiltEntry(p.store, key, '3.13.2-debug');
  entry = p.store.entryDir(key);
});
afterEach(() => p.cleanup());

const ADDED = 'lib/python3.13/site-packages/iniconfig/__init__.py';
const WARNING = `warning: 3.13.2-debug: its store entry was changed since it was built (1 file: ${ADDED} is not part of the build): something wrote into the store interpreter's files (pip install run with it?); the next \`pydebug sync\` rebuilds it; install packages into the project's own environment with \`pydebug run debug -- python -m pip install <package>\`\n`;

async function pipInstallIntoStore(): Promise<void> {
  await mkdir(join(entry, 'lib', 'python3.13', 'site-packages', 'iniconfig'), { recursive: true });
  await writeFile(join(entry, ADDED), '__version__ = "2.0"\n');
}

describe('an entry changed since it was built', () => {
  it('which: no warning while it is as built', async () => {
    const r = await p.pydebug(['which', 'debug']);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('which answers, and names the file', async () => {
    await pipInstallIntoStore();
    const r = await p.pydebug(['which', 'debug']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `${join(entry, 'bin', 'python3')}\n`, WARNING]);
    const json = JSON.parse((await p.pydebug(['which', 'debug', '--json'])).stdout) as { status: string; changed: string[] };
    expect([json.status, json.changed]).toEqual(['built', [`${ADDED} is not part of the build`]]);
  });

  it('list shows it as built, changed, with the warning', async () => {
    await pipInstallIntoStore();
    const r = await p.pydebug(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3\.13\.2-debug\s+built, changed\s/m);
    expect(r.stderr).toContain(WARNING);
  });

  it('run warns while the command starts (the stat pass runs beside it), and exits with its code', async () => {
    await pipInstallIntoStore();
    const r = await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 5']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(WARNING);
  });

  it('run: no warning while it is as built', async () => {
    // The fake interpreter makes no real venv, so the environment note is there every time.
    const r = await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 0']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning');
  });

  it('run --all warns for the changed entry too', async () => {
    await pipInstallIntoStore();
    const r = await p.pydebug(['run', '--all', '--variant', 'debug', '--', 'sh', '-c', 'exit 0']);
    expect(r.stderr).toContain(WARNING);
  });

  it('run names a command that is not there after the warning, and exits 127', async () => {
    await pipInstallIntoStore();
    const r = await p.pydebug(['run', 'debug', 'no-such-command-here']);
    expect(r.code).toBe(127);
    expect(r.stderr).toContain(WARNING);
    expect(r.stderr).toContain('error: no-such-command-here: command not found');
  });
});

describe('sync, before it rebuilds a changed entry', () => {
  it('names the files, says it was changed since it was built and points at pydebug run', async () => {
    await pipInstallIntoStore();
    // Nothing to download from: the sync stops after its warning, at the download.
    const r = await runInProcess(['sync', '--frozen', '--variant', 'debug'], { cwd: p.dir, env: { ...p.env, PYDEBUG_MIRROR: join(p.root, 'empty-mirror') } });
    expect(r.stderr).toContain(
      `3.13.2-debug: its store entry was changed since it was built (1 file: ${ADDED} is not part of the build), e.g. by pip install into the store interpreter; rebuilding it. Next time, install packages into the project's own environment with \`pydebug run debug -- python -m pip install <package>\``,
    );
  });
});
