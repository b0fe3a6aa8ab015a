/**
 * relocateEntry on small entries written as a build writes them, with the machine's python3 as
 * the entry's interpreter (it compiles the rewritten module's bytecode for real).
 */

import { chmod, lstat, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeTreeReadOnly } from '../../src/files/read-only.js';
import { readManifest } from '../../src/store/manifest.js';
import { RelocationError, relocateEntry } from '../../src/store/relocate.js';
import { Store } from '../../src/store/store.js';
import { DATA, KEY, PYC, writeRelocatableEntry } from '../support/relocatable-entry.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let store: Store;
let from: string;
let staged: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-relocate-');
  store = new Store(join(dir, 'old-home'));
  await store.ensureLayout();
  from = store.entryDir(KEY);
  staged = join(await store.makeTemp('restore'), KEY);
  await writeEntry(staged, from);
});

async function writeEntry(prefix: string, built: string): Promise<void> {
  await writeRelocatableEntry(store, prefix, built);
}

async function text(rel: string): Promise<string> {
  return readFile(join(staged, rel), 'utf8');
}

/** Installs the staged entry into a store at `home` and reads it back with every file checked. */
async function installAt(home: string) {
  const other = new Store(home);
  await other.ensureLayout();
  const work = await other.makeTemp('move');
  await execa('mv', [staged, join(work, KEY)]);
  await other.install(join(work, KEY), KEY);
  return { other, state: await other.readEntry(KEY, { everyFile: true }) };
}

describe('relocateEntry', () => {
  it('rewrites the text files, recompiles the bytecode of the rewritten module, records it all, and the entry verifies at its new place', async () => {
    await makeTreeReadOnly(staged, { exceptTop: true });
    const to = `${dir}/longer-home/store/${KEY}`;
    const before = await readManifest(staged);
    const r = await relocateEntry(staged, from, to);
    expect(r.rewritten.map((f) => `${f.how} ${f.path}`).sort()).toEqual(
      [`bytecode ${PYC}`, 'shebang bin/pip3', `text ${DATA}`, 'text lib/pkgconfig/python-3.11.pc', 'text lib/python3.11/config-3.11d-x86_64-linux-gnu/Makefile'].sort(),
    );
    expect(r.kept.map((k) => k.path).sort()).toEqual(['lib/libpython3.11d.a', 'share/pydebug/build.log']);
    expect(await text(DATA)).toBe(`build_time_vars = {'prefix': '${to}', 'INCLUDEPY': '${to}/include/python3.11d', 'OTHER': '${from}-other/x'}\n`);
    expect(await text('bin/pip3')).toBe(`#!${to}/bin/python3.11\n# -*- coding: utf-8 -*-\nimport sys\n`);
    expect((await lstat(join(staged, 'bin', 'pip3'))).mode & 0o777).toBe(0o555);
    expect(await text('lib/python3.11/config-3.11d-x86_64-linux-gnu/Makefile')).toContain(`prefix=\t\t${to}\n`);
    // The build log and the static library are kept as built.
    expect(await text('share/pydebug/build.log')).toContain(from);
    // The new bytecode is valid for the new source, and names the new place.
    const check = await execa('python3', [
      '-c',
      'import importlib.util, sys; d=open(sys.argv[1],"rb").read(); s=open(sys.argv[2],"rb").read(); print(d[8:16] == importlib.util.source_hash(s), sys.argv[3].encode() in d)',
      join(staged, PYC),
      join(staged, DATA),
      to,
    ]);
    expect(check.stdout).toBe('True True');

    const m = r.manifest;
    expect(m.prefix).toBe(to);
    expect(m.configure).toContain(`--prefix=${from}`);
    expect(m.relocation?.built_prefix).toBe(from);
    expect(m.relocation?.built_list_sha256).toBe('manifest' in before ? before.manifest.contents.list_sha256 : '');
    expect(m.relocation?.files[DATA]?.how).toBe('text');
    expect(m.relocation?.files[DATA]?.built).toEqual(r.rewritten.find((f) => f.path === DATA)?.before);
    expect(await readManifest(staged)).toEqual({ manifest: m });

    const { state } = await installAt(join(dir, 'new-home'));
    expect(state.status).toBe('ok');
  });

  it('catches a rewritten file changed afterwards, and a relocation record that does not match the list', async () => {
    const to = join(dir, 'b', 'store', KEY);
    await relocateEntry(staged, from, to);
    await writeFile(join(staged, DATA), `build_time_vars = {'prefix': '/evil'}\n`);
    const { other, state } = await installAt(join(dir, 'b'));
    expect(state.status).toBe('damaged');
    expect(state.status === 'damaged' && state.reason).toContain(`${DATA} was changed since it was built`);
    expect(other).toBeDefined();
  });

  it('refuses a record whose rewritten files were edited together with the list', async () => {
    const to = join(dir, 'c', 'store', KEY);
    const r = await relocateEntry(staged, from, to);
    const manifest = { ...r.manifest, relocation: { ...r.manifest.relocation!, built_list_sha256: '0'.repeat(64) } };
    await chmod(join(staged, 'share', 'pydebug'), 0o755);
    await rm(join(staged, 'share', 'pydebug', 'manifest.json'));
    await writeFile(join(staged, 'share', 'pydebug', 'manifest.json'), JSON.stringify(manifest));
    const { state } = await installAt(join(dir, 'c'));
    expect(state.status === 'damaged' && state.reason).toContain('differs from the list it was built with');
  });

  it('relocates twice, keeping where it was built and each file as built; back to the first place gives the built bytes', async () => {
    const original = await text(DATA);
    const b = join(dir, 'b', 'store', KEY);
    await relocateEntry(staged, from, b);
    const r = await relocateEntry(staged, b, from);
    expect(r.builtPrefix).toBe(from);
    expect(r.manifest.relocation?.built_prefix).toBe(from);
    expect(await text(DATA)).toBe(original);
    expect(r.manifest.relocation?.files[DATA]?.built).toEqual(r.manifest.relocation?.files[DATA]?.now);
  });

  it('turns a shebang that would be too long into the /bin/sh form pip writes', async () => {
    const to = `${dir}/${'deep/'.repeat(20)}store/${KEY}`;
    await relocateEntry(staged, from, to);
    expect(await text('bin/pip3')).toBe(`#!/bin/sh\n'''exec' '${to}/bin/python3.11' "$0" "$@"\n' '''\n# -*- coding: utf-8 -*-\nimport sys\n`);
  });

  it.each([
    ['a space', (d: string) => `${d}/runner work/store/${KEY}`, 'contains a space'],
    ['a quote', (d: string) => `${d}/it's/store/${KEY}`, `contains "'"`],
    ['another key', (d: string) => `${d}/store/pydebug-other`, 'can only move between store paths that end with its key'],
  ])('refuses a target with %s and changes nothing', async (_what, target, why) => {
    const list = await text('share/pydebug/files.sha256');
    await expect(relocateEntry(staged, from, target(dir))).rejects.toThrow(why);
    expect(await text('share/pydebug/files.sha256')).toBe(list);
    expect(await text(DATA)).toContain(from);
  });

  it('refuses a from that is not the prefix the manifest records', async () => {
    await expect(relocateEntry(staged, '/elsewhere/store/' + KEY, join(dir, 'b', 'store', KEY))).rejects.toThrow(/its manifest says it is built for/);
  });

  it('refuses an entry that differs from its file list, a file not in it, and a FIFO, before writing anything', async () => {
    await writeFile(join(staged, 'lib', 'python3.11', 'os.py'), 'import evil\n');
    await expect(relocateEntry(staged, from, join(dir, 'b', 'store', KEY))).rejects.toThrow(/os.py differs from its file list/);
    expect(await text(DATA)).toContain(from);
    await writeFile(join(staged, 'lib', 'python3.11', 'os.py'), 'import sys\n');
    await writeFile(join(staged, 'lib', 'extra.pth'), 'import evil\n');
    await expect(relocateEntry(staged, from, join(dir, 'b', 'store', KEY))).rejects.toThrow(/lib\/extra.pth is not part of the build/);
    await rm(join(staged, 'lib', 'extra.pth'));
    await execa('mkfifo', [join(staged, 'lib', 'pipe')]);
    await expect(relocateEntry(staged, from, join(dir, 'b', 'store', KEY))).rejects.toThrow(RelocationError);
  });

  it('refuses a link into the old prefix', async () => {
    // Recorded in the list as a build would have recorded it.
    await rm(staged, { recursive: true });
    await mkdir(join(staged, 'lib'), { recursive: true });
    await symlink(`${from}/lib/python3.11/os.py`, join(staged, 'lib', 'abs-link'));
    await writeEntry(staged, from);
    await expect(relocateEntry(staged, from, join(dir, 'b', 'store', KEY))).rejects.toThrow(/the link lib\/abs-link points into the old prefix/);
  });

  it('changes nothing when from is to', async () => {
    const r = await relocateEntry(staged, from, from);
    expect(r.rewritten).toEqual([]);
    expect(r.manifest.relocation).toBeUndefined();
  });
});
