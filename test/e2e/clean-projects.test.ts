/**
 * One store, many projects (issue 26, item 1), end to end: two projects with the same pydebug.yml
 * share a store's entries; `pydebug clean` in the second keeps what the first uses (and says for
 * whom), the first's `list` still says built, and once no other project names them the entries
 * go. Real interpreters from the shared build (global-setup.ts), copied with `cp -a` into a small
 * store of this file's own, so the shared store's entries, which other test files use, stay.
 */

import { copyFile, mkdir, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { cleanEnv, runCli } from '../support/cli.js';

const e2e = inject('e2e');
/** The two: clean removed 3.13.5-debug and 3.13.5-valgrind (here the shared 3.11.2 ones). */
const IDS = ['3.11.2-debug', '3.11.2-valgrind'];
const VARIANTS = ['--variant', 'debug', '--variant', 'valgrind'];

interface ListedEntry {
  id: string;
  status: string;
  entry_key: string;
  prefix: string | null;
  used_by?: string[];
}

let home: string;
let store: Store;
let first: string;
let second: string;
let keys: string[];
const cli = (cwd: string, args: string[]) => runCli(args, { cwd, env: cleanEnv({ PYDEBUG_HOME: home, PYDEBUG_MIRROR: e2e.mirror }) });
const lockOf = (project: string) => join(project, 'pydebug.lock');

/** A project using the store: a copy of the shared project's pydebug.yml and lock (what `init` gives everyone). */
async function newProject(name: string): Promise<string> {
  const dir = join(await realpath(await mkdtemp(join(e2e.work, `${name}-`))), 'project');
  await mkdir(dir);
  for (const f of ['pydebug.yml', 'pydebug.lock']) await copyFile(join(e2e.projectDir, f), join(dir, f));
  return dir;
}

async function listed(project: string, extra: string[] = []): Promise<ListedEntry[]> {
  const r = await cli(project, ['list', '--json', ...VARIANTS, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ListedEntry[];
}

beforeAll(async () => {
  home = await realpath(await mkdtemp(join(e2e.work, 'clean-projects-home-')));
  store = new Store(home);
  await store.ensureLayout();
  const shared = await runCli(['list', '--json', ...VARIANTS], { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home }) });
  expect(shared.code, shared.stderr).toBe(0);
  const entries = JSON.parse(shared.stdout) as ListedEntry[];
  expect(entries.map((e) => [e.id, e.status])).toEqual(IDS.map((id) => [id, 'built']));
  for (const e of entries) await execa('cp', ['-a', e.prefix!, store.entryDir(e.entry_key)]);
  keys = entries.map((e) => e.entry_key);
  first = await newProject('clean-projects-first');
  second = await newProject('clean-projects-second');
});

afterAll(async () => {
  // Entries may be read-only (made so once verified); give the owner write bits back to remove them.
  await execa('chmod', ['-R', 'u+w', home], { reject: false });
  await rm(home, { recursive: true, force: true });
});

describe('clean with two projects on one store', () => {
  it('sync in both reuses the copied entries and records both projects', async () => {
    for (const project of [first, second]) {
      const r = await cli(project, ['sync', '--frozen', ...VARIANTS]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/2 entries ready \(0 built, 2 already in the store\)/);
    }
    expect(await readdir(store.projectsDir)).toHaveLength(2);
    // This project first, then the others.
    expect((await listed(second, ['--projects'])).map((e) => e.used_by)).toEqual(IDS.map(() => [lockOf(second), lockOf(first)]));
  });

  it('clean --dry-run in the second lists what is kept for the first, and removes nothing', async () => {
    const r = await cli(second, ['clean', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    for (const key of keys) expect(r.stdout).toContain(`would keep ${store.entryDir(key)}: used by ${lockOf(first)}\n`);
    expect(r.stdout).not.toMatch(/^would remove .*\/store\//m);
    expect((await readdir(store.entriesDir)).sort()).toEqual([...keys].sort());
  });

  it("clean in the second keeps the first's interpreters, naming it; the first's list still says built", async () => {
    const r = await cli(second, ['clean']);
    expect(r.code, r.stderr).toBe(0);
    for (const key of keys) expect(r.stderr).toContain(`kept ${store.entryDir(key)}: used by ${lockOf(first)}\n`);
    expect(r.stderr).not.toMatch(/^removed .*\/store\//m);
    expect((await listed(first)).map((e) => [e.id, e.status])).toEqual(IDS.map((id) => [id, 'built']));
    // The first project's interpreter still runs.
    const which = await cli(first, ['which', 'debug']);
    expect(which.code, which.stderr).toBe(0);
    const py = await execa(which.stdout.trim(), ['-c', 'import sys; print(hasattr(sys, "gettotalrefcount"))']);
    expect(py.stdout).toBe('True');
  });

  it('clean in the first, once no other project names them, removes them', async () => {
    const r = await cli(first, ['clean']);
    expect(r.code, r.stderr).toBe(0);
    for (const key of keys) expect(r.stderr).toMatch(new RegExp(`^removed ${store.entryDir(key).replace(/[.+]/g, '\\$&')} \\([1-9]\\d*\\.\\d MB\\)$`, 'm'));
    expect(await readdir(store.entriesDir)).toEqual([]);
    expect((await listed(second)).map((e) => e.status)).toEqual(['missing', 'missing']);
  });
});
