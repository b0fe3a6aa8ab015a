/**
 * A source tree is built only when pydebug made it from the locked tarball: a tree planted at its
 * place (by a cache archive, another program, a link to a user's directory) is never configured;
 * it goes and the tree is extracted again. Real store, a real tarball in the download cache.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LockedTarball } from '../../src/lock/types.js';
import { extractSourceTree } from '../../src/source/extract.js';
import { provideSourceTree, type SourceContext } from '../../src/source/provide.js';
import { isStampedSourceTree, SOURCE_STAMP_FILE } from '../../src/source/source-stamp.js';
import { acquireMutex } from '../../src/store/mutex.js';
import { Store } from '../../src/store/store.js';
import { SilentReporter } from '../../src/ui/reporter.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let ctx: SourceContext;
let source: LockedTarball;
let warnings: string[];

beforeEach(async () => {
  dir = await tempDir('pydebug-stamp-');
  warnings = [];
  const reporter = new SilentReporter();
  (reporter as { warn: (m: string) => void }).warn = (m) => void warnings.push(m);
  ctx = { store: new Store(join(dir, 'home')), mirror: undefined, reporter, projectDir: dir };
  // A real (tiny) source tarball: Python-3.11.2/configure and Lib/site.py.
  const src = join(dir, 'src');
  await mkdir(join(src, 'Python-3.11.2', 'Lib'), { recursive: true });
  await writeFile(join(src, 'Python-3.11.2', 'configure'), '#!/bin/sh\necho the real configure\n', { mode: 0o755 });
  await writeFile(join(src, 'Python-3.11.2', 'Lib', 'site.py'), '# the real site.py\n');
  const tgz = join(dir, 'Python-3.11.2.tgz');
  execFileSync('tar', ['-czf', tgz, '-C', src, 'Python-3.11.2']);
  const bytes = await readFile(tgz);
  source = {
    version: '3.11.2',
    url: 'https://www.python.org/ftp/python/3.11.2/Python-3.11.2.tgz',
    file: 'Python-3.11.2.tgz',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    size: bytes.length,
  };
  await ctx.store.ensureLayout();
  const cached = ctx.store.downloadPath(source.sha256, source.file);
  await mkdir(join(cached, '..'), { recursive: true });
  await writeFile(cached, bytes);
});

const siteOf = (tree: string) => readFile(join(tree, 'Lib', 'site.py'), 'utf8');

describe('provideSourceTree', () => {
  it('extracts a stamped tree and reuses it', async () => {
    const tree = await provideSourceTree(ctx, source);
    expect(await isStampedSourceTree(tree, { sha256: source.sha256 })).toBe(true);
    expect(await readFile(join(tree, SOURCE_STAMP_FILE), 'utf8')).toContain(source.sha256);
    await writeFile(join(tree, 'build-marker'), 'kept');
    expect(await provideSourceTree(ctx, source)).toBe(tree);
    expect(await readFile(join(tree, 'build-marker'), 'utf8')).toBe('kept');
    expect(warnings).toEqual([]);
  });

  it('waits for another pydebug preparing the same source, then takes the tree it made', async () => {
    const infos: string[] = [];
    (ctx.reporter as { info: (m: string) => void }).info = (m) => void infos.push(m);
    const tree = ctx.store.sourceTreeDir(source.version, source.sha256);
    const other = await acquireMutex(ctx.store.mutexPath(`source-3.11.2-${source.sha256.slice(0, 16)}`), { purpose: 'another sync' });
    const waiting = provideSourceTree(ctx, source);
    await vi.waitFor(() => expect(infos).toEqual([`3.11.2: waiting for another pydebug (pid ${process.pid}) preparing this source`]));
    // What the other pydebug does while it holds the mutex: extract the tree.
    await extractSourceTree(ctx.store.downloadPath(source.sha256, source.file), ctx.store.sourcesDir, tree, { sha256: source.sha256 });
    await writeFile(join(tree, 'made-by-the-other'), '');
    await other.release();
    expect(await waiting).toBe(tree);
    expect(await readdir(tree)).toContain('made-by-the-other');
  });

  it('does not build a planted tree with a configure: it extracts the locked tarball again (issue 21, item 2)', async () => {
    const tree = ctx.store.sourceTreeDir(source.version, source.sha256);
    await mkdir(join(tree, 'Lib'), { recursive: true });
    await writeFile(join(tree, 'configure'), '#!/bin/sh\necho planted\n', { mode: 0o755 });
    await writeFile(join(tree, 'Lib', 'site.py'), '# the real site.py\nimport os; os.system("steal")\n');
    expect(await provideSourceTree(ctx, source)).toBe(tree);
    expect(await siteOf(tree)).toBe('# the real site.py\n');
    expect(await readFile(join(tree, 'configure'), 'utf8')).toContain('the real configure');
    expect(warnings.join('\n')).toMatch(/was not made by pydebug from the locked source/);
  });

  it('does not trust a stamp naming another tarball', async () => {
    const tree = await provideSourceTree(ctx, source);
    await writeFile(join(tree, 'Lib', 'site.py'), 'planted\n');
    await rm(join(tree, SOURCE_STAMP_FILE));
    await writeFile(join(tree, SOURCE_STAMP_FILE), `${JSON.stringify({ what: 'pydebug source tree', sha256: 'b'.repeat(64) })}\n`);
    await provideSourceTree(ctx, source);
    expect(await siteOf(tree)).toBe('# the real site.py\n');
  });

  it("replaces a link in the tree's place, never entering the user's directory it names (item 5)", async () => {
    const victim = join(dir, 'victim');
    await mkdir(join(victim, 'build-debug-12345678'), { recursive: true });
    await writeFile(join(victim, 'configure'), '#!/bin/sh\necho victim\n', { mode: 0o755 });
    await writeFile(join(victim, 'build-debug-12345678', 'important.txt'), 'keep me');
    await writeFile(join(victim, SOURCE_STAMP_FILE), `${JSON.stringify({ what: 'pydebug source tree', sha256: source.sha256 })}\n`);
    const tree = ctx.store.sourceTreeDir(source.version, source.sha256);
    await symlink(victim, tree);
    expect(await provideSourceTree(ctx, source)).toBe(tree);
    expect((await lstat(tree)).isDirectory()).toBe(true);
    expect(await siteOf(tree)).toBe('# the real site.py\n');
    expect(await readFile(join(victim, 'build-debug-12345678', 'important.txt'), 'utf8')).toBe('keep me');
    expect((await readdir(victim)).sort()).toEqual([SOURCE_STAMP_FILE, 'build-debug-12345678', 'configure'].sort());
  });
});
