/**
 * The slim install is a full install minus exactly CPython's test suite (but test.support and
 * libregrtest) and the static libpython: every other file byte for byte the same. Proven on the
 * shared 3.11.2-debug build, whose build directory global-setup keeps (--keep-build): a full
 * `make install` into the same staging path pydebug used, compared with the store entry.
 */

import { lstat, mkdir, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { cleanEnv, runCli } from '../support/cli.js';

const e2e = inject('e2e');

async function files(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isDirectory()) out.set(join(e.parentPath, e.name).slice(root.length + 1), join(e.parentPath, e.name));
  }
  return out;
}

/** A Makefile variable's value, joined across backslash continuations. */
function makeVariable(makefile: string, name: string): string[] {
  const m = new RegExp(`^${name}=((?:.*\\\\\\n)*.*)$`, 'm').exec(makefile);
  return m ? m[1]!.replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean) : [];
}

describe('slim install', () => {
  it('equals a full install minus the test suite and the static library', async () => {
    const entry = (
      JSON.parse((await runCli(['list', '--json'], { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home }) })).stdout) as Array<{ id: string; entry_key: string; prefix: string }>
    ).find((x) => x.id === '3.11.2-debug')!;
    const manifest = JSON.parse(await readFile(join(entry.prefix, 'share/pydebug/manifest.json'), 'utf8'));
    expect(manifest.slim.removed).toBe(1); // libpython3.11d.a; the test suite was never installed
    const log = await readFile(join(entry.prefix, manifest.files.log), 'utf8');
    const staging = /^\$ make install DESTDIR=(\S+) "TESTSUBDIRS=test\/support test\/libregrtest"$/m.exec(log)?.[1];
    expect(staging, 'the install command in the build log').toBeDefined();
    const sources = join(e2e.home, 'sources');
    const tree = join(sources, (await readdir(sources)).find((d) => d.startsWith('3.11.2-'))!);
    const buildDir = join(tree, (await readdir(tree)).find((d) => d === `build-debug-${entry.entry_key.slice(-8)}`)!);

    // The full install, into the very path pydebug staged in (pip's .pyc files embed it), as
    // pydebug runs it: the final prefix must look empty (ensurepip skips pip when it finds one
    // there), so a private mount namespace lays an empty tmpfs over it; HOME is empty too.
    await mkdir(join(staging!, '.home'), { recursive: true });
    const r = await execa(
      'unshare',
      ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs tmpfs "$1" && cd "$2" && HOME="$3/.home" make install DESTDIR="$3"', 'sh', entry.prefix, buildDir, staging!],
      { reject: false, all: true },
    );
    expect(r.exitCode, String(r.all).slice(-2000)).toBe(0);
    await rm(join(staging!, '.home'), { recursive: true, force: true });
    try {
      const full = await files(join(staging!, entry.prefix));
      const slim = await files(entry.prefix);
      const testSubdirs = makeVariable(await readFile(join(buildDir, 'Makefile'), 'utf8'), 'TESTSUBDIRS');
      expect(testSubdirs).toContain('test/support');

      const onlySlim = [...slim.keys()].filter((f) => !full.has(f)).sort();
      // EXTERNALLY-MANAGED (PEP 668): pip must not install into the store interpreter.
      expect(onlySlim).toEqual([
        'bin/python',
        'lib/python3.11/EXTERNALLY-MANAGED',
        'share/pydebug/build.log',
        'share/pydebug/files.sha256',
        'share/pydebug/manifest.json',
        'share/pydebug/valgrind-python.supp',
      ]);
      expect(await readlink(join(entry.prefix, 'bin/python'))).toBe('python3');

      const lib = 'lib/python3.11/';
      const dropped = [...full.keys()].filter((f) => !slim.has(f));
      const inTestSubdir = (f: string) => testSubdirs.some((d) => f.startsWith(`${lib}${d}/`) && !/^test\/(support|libregrtest)(\/|$)/.test(d));
      const unexplained = dropped.filter((f) => !inTestSubdir(f) && f !== `${lib}config-3.11d-x86_64-linux-gnu/libpython3.11d.a` && !/^lib\/python3\.11\/test\/__pycache__\/__init__\./.test(f));
      expect(unexplained).toEqual([]);
      expect(dropped.length).toBeGreaterThan(3000);

      let compared = 0;
      for (const [rel, path] of slim) {
        if (!full.has(rel) || rel.startsWith('share/pydebug/')) continue;
        const [a, b] = [path, full.get(rel)!];
        if ((await lstat(a)).isSymbolicLink()) {
          expect(await readlink(a), rel).toBe(await readlink(b));
          continue;
        }
        let [x, y] = await Promise.all([readFile(a), readFile(b)]);
        // A .pyc starts with a 16-byte header: its source's install time in the full install, its
        // source's hash in pydebug's (checked-hash, see src/builder/bytecode.ts).
        if (rel.endsWith('.pyc')) [x, y] = [x.subarray(16), y.subarray(16)];
        expect(x.equals(y), `${rel} differs from the full install`).toBe(true);
        compared += 1;
      }
      expect(compared).toBeGreaterThan(4000);
    } finally {
      await rm(staging!, { recursive: true, force: true });
    }
  });
});
