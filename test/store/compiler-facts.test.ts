/**
 * The compiler's answers are remembered per executable, so which and run start no compiler; any
 * change that could change the answers (the executable rewritten, another one first on PATH)
 * asks it again. A real shell script stands in for the compiler and counts its runs.
 */
import { chmod, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { libcFile, probeToolchain } from '../../src/platform/index.js';
import { compilerRecordName, resolveProgram } from '../../src/store/compiler-facts.js';
import type { Store } from '../../src/store/store.js';
import { tempStore } from '../support/temp-dir.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  ({ dir, store } = await tempStore('pydebug-compiler-facts-'));
  await store.ensureLayout();
});

async function fakeCompiler(binDir: string, name: string, version: string): Promise<string> {
  await mkdir(binDir, { recursive: true });
  const path = join(binDir, name);
  const script = `#!/bin/sh\necho run >> "${join(dir, `${name}.runs`)}"\ncase "$1" in --version) echo "${version}"; echo "more";; -dumpmachine) echo x86_64-linux-gnu;; esac\n`;
  await writeFile(path, script);
  await chmod(path, 0o755);
  return path;
}
const runs = async (name: string) => (await readFile(join(dir, `${name}.runs`), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

describe('compiler facts', () => {
  it('the first probe records the answers the next process reads instead of asking', async () => {
    const bin = join(dir, 'bin');
    await fakeCompiler(bin, 'cc-a', 'cc-a 1.0');
    const env = { PATH: bin };
    const facts = store.compilerFacts(dir, env);
    const first = await probeToolchain('cc-a', env, facts);
    expect(await runs('cc-a')).toBe(2);
    expect(first).toMatchObject({ version: 'cc-a 1.0', target: 'x86_64-linux-gnu' });
    const recorded = await facts.get('cc-a');
    expect(recorded).toMatchObject({ version: 'cc-a 1.0', target: 'x86_64-linux-gnu' });
    // This machine's C library is kept with them (Linux with glibc: its file is known).
    expect(recorded?.libc).toMatch(/^glibc \d+\.\d+/);
    expect(first.machine.toolchain.endsWith(`\n${recorded?.libc}`)).toBe(true);
  });

  it('a rewritten compiler, or another one earlier on PATH, is asked again', async () => {
    const bin = join(dir, 'bin');
    const path = await fakeCompiler(bin, 'cc-b', 'cc-b 1.0');
    const env = { PATH: bin };
    const facts = store.compilerFacts(dir, env);
    await facts.put('cc-b', { version: 'cc-b 1.0', target: 'x86_64-linux-gnu' });
    const name = compilerRecordName('cc-b', env.PATH, dir);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(path, `${await readFile(path, 'utf8')}# upgraded\n`);
    expect(compilerRecordName('cc-b', env.PATH, dir)).not.toBe(name);
    expect(await facts.get('cc-b')).toBeUndefined();

    const earlier = join(dir, 'earlier');
    await fakeCompiler(earlier, 'cc-b', 'cc-b 2.0');
    expect(compilerRecordName('cc-b', `${earlier}:${bin}`, dir)).not.toBe(compilerRecordName('cc-b', bin, dir));
  });

  it('a record that is not one is ignored; a compiler that cannot be found is never recorded', async () => {
    const bin = join(dir, 'bin');
    await fakeCompiler(bin, 'cc-c', 'cc-c 1.0');
    const env = { PATH: bin };
    const name = compilerRecordName('cc-c', env.PATH, dir)!;
    await writeFile(join(store.cacheDir, name), '{"version": "x\\ny", "target": 3}');
    expect(await store.compilerFacts(dir, env).get('cc-c')).toBeUndefined();
    expect(resolveProgram('no-such-cc', bin, dir)).toBeUndefined();
    expect(compilerRecordName('no-such-cc', bin, dir)).toBeUndefined();
  });

  it('writes nothing through a cache/ that is a link', async () => {
    const bin = join(dir, 'bin');
    await fakeCompiler(bin, 'cc-d', 'cc-d 1.0');
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await rm(store.cacheDir, { recursive: true });
    await symlink(elsewhere, store.cacheDir);
    await store.compilerFacts(dir, { PATH: bin }).put('cc-d', { version: 'cc-d 1.0', target: 'x' });
    expect(await import('node:fs/promises').then((fs) => fs.readdir(elsewhere))).toEqual([]);
  });

  it('the C library comes from the record, not from a process report, while its file is the same', async () => {
    const bin = join(dir, 'bin');
    await fakeCompiler(bin, 'cc-libc', 'cc-libc 1.0');
    const env = { PATH: bin };
    const facts = store.compilerFacts(dir, env);
    await facts.put('cc-libc', { version: 'cc-libc 1.0', target: 'x86_64-linux-gnu', libc: 'glibc 9.99' });
    const toolchain = await probeToolchain('cc-libc', env, facts);
    expect(await runs('cc-libc')).toBe(0);
    expect(toolchain.machine.toolchain).toBe('cc-libc\ncc-libc 1.0\nx86_64-linux-gnu\nglibc 9.99');
  });

  it('another C library file is another record: everything is asked again after an upgrade', async () => {
    const bin = join(dir, 'bin');
    await fakeCompiler(bin, 'cc-up', 'cc-up 1.0');
    const now = compilerRecordName('cc-up', bin, dir);
    expect(now).toBeDefined();
    expect(compilerRecordName('cc-up', bin, dir, libcFile())).toBe(now);
    expect(compilerRecordName('cc-up', bin, dir, 'fe:00 999999 /usr/lib/x86_64-linux-gnu/libc.so.6')).not.toBe(now);
  });
});

describe('libcFile', () => {
  it("names the C library's mapping by device, inode and path, and nothing else that starts with libc", () => {
    const maps = [
      '7f0000000000-7f0000001000 r--p 00000000 fe:00 1111 /usr/lib/x86_64-linux-gnu/libcrypto.so.3',
      '7f0000001000-7f0000002000 r--p 00000000 fe:00 2222 /usr/lib/x86_64-linux-gnu/libcap.so.2',
      '7f49f433e000-7f49f4364000 r--p 00000000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6',
    ].join('\n');
    expect(libcFile(maps)).toBe('fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6');
    expect(libcFile('7f00-7f01 r-xp 00000000 08:01 42 /lib/x86_64-linux-gnu/libc-2.31.so\n')).toBe('08:01 42 /lib/x86_64-linux-gnu/libc-2.31.so');
    expect(libcFile('7f00-7f01 r-xp 00000000 08:01 43 /lib/ld-musl-x86_64.so.1\n')).toBeUndefined();
    expect(libcFile('')).toBeUndefined();
  });

  it("finds this process's own C library on Linux", () => {
    expect(libcFile()).toMatch(/^[0-9a-f]+:[0-9a-f]+ \d+ \/.*\/libc(\.so\.6|-[\d.]+\.so)$/);
  });
});
