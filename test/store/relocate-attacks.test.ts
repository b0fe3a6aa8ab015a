/**
 * relocateEntry against entries made by an attacker: an Actions cache archive or a registry
 * artifact is written by whoever may write there, so its files, files.sha256 and manifest
 * (prefix, interpreter, list, relocation record) are all theirs, made consistent with each
 * other. Whatever they hold, relocation writes nothing outside the entry, follows no link, runs
 * nothing before every file matched its list, and refuses with a RelocationError.
 */

import { appendFile, link, lstat, mkdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatFileList, hashTree, sha256Of } from '../../src/store/entry-hashes.js';
import { FILE_LIST_FILE, MANIFEST_FILE, type Manifest } from '../../src/store/manifest.js';
import { RelocationError, relocateEntry } from '../../src/store/relocate.js';
import { Store } from '../../src/store/store.js';
import { interpreterScript, KEY, PC, writeRelocatableEntry } from '../support/relocatable-entry.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
let store: Store;
let from: string;
let staged: string;
let to: string;
/** Created by the entry's interpreter (or a program it points at) when it runs. */
let ran: string;
beforeEach(async () => {
  dir = await tempDir('pydebug-relocate-attack-');
  store = new Store(join(dir, 'old-home'));
  await store.ensureLayout();
  from = store.entryDir(KEY);
  to = join(dir, 'new-home', 'store', KEY);
  ran = join(dir, 'ran');
});

async function stage(extra?: (prefix: string) => Promise<void>): Promise<void> {
  staged = join(await store.makeTemp('restore'), KEY);
  await writeRelocatableEntry(store, staged, from, extra);
}

async function manifestOf(): Promise<Manifest> {
  return JSON.parse(await readFile(join(staged, MANIFEST_FILE), 'utf8')) as Manifest;
}

/** Rewrites the manifest as an attacker would: it is not in files.sha256, nothing else changes. */
async function editManifest(edit: (m: Manifest) => void): Promise<void> {
  const m = await manifestOf();
  edit(m);
  await writeFile(join(staged, MANIFEST_FILE), JSON.stringify(m));
}

/**
 * Makes the entry consistent again after an attacker's change: files.sha256 hashed from what is
 * there, and the manifest's hash of it and of its core files.
 */
async function reseal(): Promise<void> {
  const tree = await hashTree(staged, [MANIFEST_FILE, FILE_LIST_FILE]);
  const list = formatFileList(tree.files);
  await writeFile(join(staged, FILE_LIST_FILE), list);
  await editManifest((m) => {
    m.contents.list_sha256 = sha256Of(list);
    m.contents.core = Object.fromEntries(Object.keys(m.contents.core).map((p) => [p, tree.files.get(p)!]));
  });
}

/** Every file's content under `root`, by path: to show that nothing there changed. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await execa('find', [root, '-printf', '%P\\t%y %m %s\\n']).then((r) => r.stdout.split('\n'))) {
    const [path, what] = e.split('\t');
    if (path === undefined || what === undefined) continue;
    out[path] = what.startsWith('f') ? `${what} ${sha256Of(await readFile(join(root, path)))}` : what;
  }
  return out;
}

describe('a manifest that names paths outside the entry', () => {
  it('does not run an interpreter outside the entry named by the manifest', async () => {
    await writeFile(join(dir, 'outside-python'), interpreterScript(`touch '${ran}'\n`), { mode: 0o755 });
    await stage();
    await editManifest((m) => {
      m.python = relative(staged, join(dir, 'outside-python'));
    });
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(/its manifest names python "[./]*outside-python", which is not inside the entry/);
    await expect(lstat(ran)).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['an absolute link', (d: string) => join(d, 'outside-python')],
    ['a relative link climbing out', (d: string) => relative(join(staged, 'bin'), join(d, 'outside-python'))],
  ])('does not run a program outside the entry that its interpreter is %s to', async (_what, target) => {
    await writeFile(join(dir, 'outside-python'), interpreterScript(`touch '${ran}'\n`), { mode: 0o755 });
    await stage();
    await rm(join(staged, 'bin', 'python3'));
    await symlink(target(dir), join(staged, 'bin', 'python3'));
    await reseal();
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(/the interpreter link bin\/python3 -> .* does not lead to a file inside the entry/);
    await expect(lstat(ran)).rejects.toThrow(/ENOENT/);
  });

  it('writes nothing beside a file list the manifest places outside the entry', async () => {
    await stage();
    // A list outside that matches the entry (itself listing the entry's own files.sha256).
    const outside = join(dir, 'elsewhere');
    await mkdir(outside, { mode: 0o555 });
    const own = await readFile(join(staged, 'share', 'pydebug', 'files.sha256'));
    const list = `${own}${sha256Of(own)} ${own.length} f share/pydebug/files.sha256\n`
      .split('\n')
      .filter(Boolean)
      .sort((a, b) => (a.slice(a.lastIndexOf(' ') + 1) < b.slice(b.lastIndexOf(' ') + 1) ? -1 : 1))
      .join('\n');
    await writeFile(join(outside, 'files.sha256'), `${list}\n`);
    await execa('chmod', ['0555', outside]);
    await editManifest((m) => {
      m.contents.list = relative(staged, join(outside, 'files.sha256'));
      m.contents.list_sha256 = sha256Of(`${list}\n`);
    });
    const before = await stat(outside);
    const entryBefore = await snapshot(staged);
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(/its manifest names contents.list "[./]*elsewhere\/files.sha256", which is not inside the entry/);
    const after = await stat(outside);
    expect([after.mode, after.ctimeMs, after.mtimeMs]).toEqual([before.mode, before.ctimeMs, before.mtimeMs]);
    expect(await snapshot(staged)).toEqual(entryBefore);
  });

  it('refuses a relocation record naming a file outside the entry', async () => {
    await stage();
    const record = { sha256: '0'.repeat(64), bytes: 0 };
    await editManifest((m) => {
      m.relocation = { built_prefix: '/x', built_list_sha256: '0'.repeat(64), relocated_at: '', files: { '../../../evil': { how: 'text', built: record, now: record } }, kept: {}, kept_bytecode: 0 };
    });
    const entryBefore = await snapshot(staged);
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(RelocationError);
    expect(await snapshot(staged)).toEqual(entryBefore);
  });
});

describe('prefixes that are not store paths', () => {
  it.each([
    ['empty', ''],
    ['/', '/'],
    ['the key alone, relative', KEY],
  ])('refuses a manifest prefix that is %s', async (_what, prefix) => {
    await stage();
    await editManifest((m) => {
      m.prefix = prefix;
    });
    await expect(relocateEntry(staged, prefix, to)).rejects.toThrow(RelocationError);
  });

  // Both are printed (the Action's log says where an entry was relocated from and built at).
  it.each([
    ['a terminal escape', `/x\u001b]0;owned\u0007/${KEY}`, String.raw`"/x\u001b]0;owned\u0007/${KEY}"`],
    ['a line break', `/x\n::error::forged/${KEY}`, String.raw`"/x\n::error::forged/${KEY}"`],
    ['..', `/x/../y/${KEY}`, `"/x/../y/${KEY}"`],
  ])('refuses a manifest prefix with %s, quoting it', async (_what, prefix, quoted) => {
    await stage();
    await editManifest((m) => {
      m.prefix = prefix;
    });
    const entryBefore = await snapshot(staged);
    await expect(relocateEntry(staged, prefix, to)).rejects.toThrow(`its manifest's prefix ${quoted} is not a path an entry is built at`);
    expect(await snapshot(staged)).toEqual(entryBefore);
  });

  it('refuses a relocation record whose built_prefix has a terminal escape', async () => {
    await stage();
    await editManifest((m) => {
      m.relocation = { built_prefix: `/x\u001b[2J/${KEY}`, built_list_sha256: m.contents.list_sha256, relocated_at: '', files: {}, kept: {}, kept_bytecode: 0 };
    });
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(String.raw`its relocation record's built_prefix "/x\u001b[2J/${KEY}" is not a path an entry is built at`);
  });
});

describe('the interpreter runs only once every file matched its list', () => {
  it.each([
    ['another file', 'lib/python3.11/os.py'],
    ['the interpreter itself', 'bin/python3.11'],
  ])('does not run it when %s differs from the list', async (_what, changed) => {
    await stage(async (prefix) => {
      await writeFile(join(prefix, 'bin', 'python3.11'), interpreterScript(`touch '${ran}'\n`), { mode: 0o755 });
    });
    const path = join(staged, changed);
    await writeFile(path, `${await readFile(path, 'utf8')}# changed\n`);
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(/differs from its file list/);
    await expect(lstat(ran)).rejects.toThrow(/ENOENT/);
  });
});

describe('odd files in the entry', () => {
  it('rewrites each of two hard-linked names by itself, and never the inode they share with a file outside', async () => {
    const outside = join(dir, 'outside.pc');
    await writeFile(outside, `prefix=${from}\n`);
    await stage(async (prefix) => {
      await rm(join(prefix, PC));
      await link(outside, join(prefix, PC));
      await link(outside, join(prefix, 'lib', 'pkgconfig', 'python3.pc'));
    });
    await relocateEntry(staged, from, to);
    expect(await readFile(outside, 'utf8')).toBe(`prefix=${from}\n`);
    expect((await stat(outside)).nlink).toBe(1);
    expect(await readFile(join(staged, PC), 'utf8')).toBe(`prefix=${to}\n`);
    expect(await readFile(join(staged, 'lib', 'pkgconfig', 'python3.pc'), 'utf8')).toBe(`prefix=${to}\n`);
    expect((await new Store(join(dir, 'new-home')).readEntry(KEY, { at: staged, everyFile: true })).status).toBe('ok');
  });

  it('refuses a path the list names as a file that is a folder', async () => {
    await stage(async (prefix) => {
      await writeFile(join(prefix, 'lib', 'python3.11', 'site.py'), 'x\n');
    });
    await rm(join(staged, 'lib', 'python3.11', 'site.py'));
    await mkdir(join(staged, 'lib', 'python3.11', 'site.py'));
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(/site.py is missing/);
  });

  it('refuses at once a FIFO where the list has a pkg-config file', async () => {
    await stage();
    await rm(join(staged, PC));
    await execa('mkfifo', [join(staged, PC)]);
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(`${PC} is neither a file, a link nor a folder`);
  });

  it('reads no file through a link in bin/, and changes none a link or a linked folder leads to', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'script'), `#!${from}/bin/python3.11\n`);
    await writeFile(join(outside, 'Makefile'), `prefix=${from}\n`);
    await stage(async (prefix) => {
      await symlink(join(outside, 'script'), join(prefix, 'bin', 'pip-outside'));
      await symlink(outside, join(prefix, 'lib', 'python3.11', 'config-linked'));
    });
    const r = await relocateEntry(staged, from, to);
    expect(await readFile(join(outside, 'script'), 'utf8')).toBe(`#!${from}/bin/python3.11\n`);
    expect(await readFile(join(outside, 'Makefile'), 'utf8')).toBe(`prefix=${from}\n`);
    expect(r.rewritten.map((f) => f.path)).not.toContain('bin/pip-outside');
  });

  it('keeps a file naming the prefix that is not UTF-8 as it is, and says so', async () => {
    const latin1 = Buffer.concat([Buffer.from(`prefix=${from}\n# caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
    await stage(async (prefix) => {
      await writeFile(join(prefix, 'lib', 'pkgconfig', 'latin1.pc'), latin1);
    });
    const r = await relocateEntry(staged, from, to);
    expect(await readFile(join(staged, 'lib', 'pkgconfig', 'latin1.pc'))).toEqual(latin1);
    expect(r.kept).toContainEqual({ path: 'lib/pkgconfig/latin1.pc', why: 'a binary file: not rewritten' });
  });

  it('gives a rewritten file no setuid or setgid bit', async () => {
    await stage(async (prefix) => {
      await execa('chmod', ['6755', join(prefix, 'bin', 'pip3')]);
    });
    await relocateEntry(staged, from, to);
    expect((await lstat(join(staged, 'bin', 'pip3'))).mode & 0o7777).toBe(0o755);
  });
});

describe('large files', () => {
  /** The most memory held in array buffers while `fn` runs, above what was held before. */
  async function peakBufferGrowth(fn: () => Promise<unknown>): Promise<number> {
    const base = process.memoryUsage().arrayBuffers;
    let peak = base;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 1);
    try {
      await fn();
    } finally {
      clearInterval(timer);
    }
    return Math.max(peak, process.memoryUsage().arrayBuffers) - base;
  }

  /** A file of `bytes` zero bytes but for `tail` at its end, written without holding it in memory. */
  async function sparseFile(path: string, bytes: number, tail: Buffer): Promise<void> {
    await writeFile(path, '');
    await truncate(path, bytes - tail.length);
    await appendFile(path, tail);
  }

  it('never holds a 320 MiB file in memory to read it, and still sees that it names the prefix', async () => {
    const big = 'lib/python3.11/config-3.11d-x86_64-linux-gnu/big.o';
    await stage(async (prefix) => {
      await sparseFile(join(prefix, big), 320 * 1024 * 1024, Buffer.from(`\n${from}/lib\n`));
    });
    let r: Awaited<ReturnType<typeof relocateEntry>> | undefined;
    const growth = await peakBufferGrowth(async () => {
      r = await relocateEntry(staged, from, to);
    });
    process.stderr.write(`[relocate-attacks] peak buffer growth reading a 320 MiB file: ${(growth / 2 ** 20).toFixed(1)} MiB\n`);
    expect(growth).toBeLessThan(128 * 1024 * 1024);
    expect(r?.kept).toContainEqual({ path: big, why: 'a binary file: not rewritten' });
  }, 60_000);

  it('refuses a text file naming the prefix that is larger than any file it rewrites', async () => {
    const huge = 'lib/python3.11/huge.py';
    await stage(async (prefix) => {
      await writeFile(join(prefix, huge), `x = '${from}'\n${'#'.repeat(100)}\n`.repeat(200_000));
    });
    const entryBefore = await snapshot(staged);
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(/lib\/python3.11\/huge.py is a text file of \d{8} bytes naming the old prefix, larger than any pydebug rewrites \(16777216 bytes\)/);
    expect(await snapshot(staged)).toEqual(entryBefore);
  });

  it('finds the RUNPATH into the old prefix of an ELF file larger than it reads whole', async () => {
    await stage(async (prefix) => {
      await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n');
      await execa('cc', ['-o', join(prefix, 'bin', 'tool'), join(dir, 'main.c'), `-Wl,-rpath,${from}/lib`]);
      await appendFile(join(prefix, 'bin', 'tool'), Buffer.alloc(80 * 1024 * 1024));
    });
    await expect(relocateEntry(staged, from, to)).rejects.toThrow(`bin/tool finds its libraries through RPATH/RUNPATH ${from}/lib`);
  }, 60_000);
});
