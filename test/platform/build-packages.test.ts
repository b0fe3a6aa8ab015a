/**
 * Build dependencies: which Debian packages a set of builds needs, which of them dpkg-query says
 * are missing (pure), and installMissingPackages against the real dpkg-query of this machine.
 * Nothing is really installed here: the "missing" case puts a recording `sudo` and `apt-get`
 * first on PATH (in this test's environment only), which write their arguments to a file.
 */

import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowThreadSanitizer,
  DEBIAN_BUILD_PACKAGES,
  debianBuildPackages,
  installMissingPackages,
  llvmSymbolizer,
  missingPackages,
  readMmapRndBits,
  tsanKernelProblem,
} from '../../src/platform/index.js';

describe('debianBuildPackages', () => {
  it('is the CPython build list, plus valgrind only for valgrind: true and a named apt compiler', () => {
    expect(debianBuildPackages([{ compiler: 'gcc', valgrind: false }])).toEqual(DEBIAN_BUILD_PACKAGES);
    expect(
      debianBuildPackages([
        { compiler: 'gcc', valgrind: false },
        { compiler: 'gcc', valgrind: true },
      ]),
    ).toEqual([...DEBIAN_BUILD_PACKAGES, 'valgrind']);
    expect(
      debianBuildPackages([
        { compiler: 'clang', valgrind: false },
        { compiler: 'clang-18', valgrind: false },
        { compiler: '/opt/cc/bin/gcc', valgrind: false },
      ]),
    ).toEqual([...DEBIAN_BUILD_PACKAGES, 'clang', 'clang-18']);
  });
});

describe('debianBuildPackages: sanitizers', () => {
  it("adds clang's sanitizer runtimes (compiler-rt) for a clang variant with sanitizers; gcc ships its own", () => {
    expect(debianBuildPackages([{ compiler: 'clang-19', valgrind: false, sanitizers: true }])).toEqual([...DEBIAN_BUILD_PACKAGES, 'clang-19', 'libclang-rt-19-dev', 'llvm-19']);
    expect(debianBuildPackages([{ compiler: 'clang', valgrind: false, sanitizers: true }])).toEqual([...DEBIAN_BUILD_PACKAGES, 'clang', 'libclang-rt-dev']);
    expect(debianBuildPackages([{ compiler: 'clang-19', valgrind: false, sanitizers: false }])).toEqual([...DEBIAN_BUILD_PACKAGES, 'clang-19']);
    expect(debianBuildPackages([{ compiler: 'gcc', valgrind: false, sanitizers: true }])).toEqual(DEBIAN_BUILD_PACKAGES);
  });
});

describe('llvmSymbolizer', () => {
  it("is the versioned clang's own (/usr/lib/llvm-N/bin), only when it is there; none for gcc or a name that is not clang-N", async () => {
    expect(llvmSymbolizer('gcc')).toBeUndefined();
    expect(llvmSymbolizer('clang-999')).toBeUndefined();
    expect(llvmSymbolizer('clang-19/../../../tmp')).toBeUndefined();
    expect(llvmSymbolizer('/usr/bin/clang-19')).toBeUndefined();
    const there = await stat('/usr/lib/llvm-19/bin/llvm-symbolizer').then(
      (s) => s.isFile(),
      () => false,
    );
    expect(llvmSymbolizer('clang-19')).toBe(there ? '/usr/lib/llvm-19/bin/llvm-symbolizer' : undefined);
  });
});

describe("ThreadSanitizer and the kernel's mmap randomization", () => {
  it('more than 28 bits is a problem named with its fix; 28 or less, or unknown, is not', () => {
    expect(tsanKernelProblem(28)).toBeUndefined();
    expect(tsanKernelProblem(undefined)).toBeUndefined();
    const p = tsanKernelProblem(32)!;
    expect(p.message).toMatch(/vm\.mmap_rnd_bits=32; ThreadSanitizer needs at most 28/);
    expect(p.hint).toMatch(/sudo sysctl -w vm\.mmap_rnd_bits=28/);
  });

  it("reads the kernel's value; an unreadable or foreign file gives undefined", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pydebug-rnd-'));
    try {
      await writeFile(join(dir, 'bits'), '32\n');
      expect(await readMmapRndBits(join(dir, 'bits'))).toBe(32);
      await writeFile(join(dir, 'bits'), 'not a number\n');
      expect(await readMmapRndBits(join(dir, 'bits'))).toBeUndefined();
      expect(await readMmapRndBits(join(dir, 'missing'))).toBeUndefined();
      const real = await readMmapRndBits();
      expect(real === undefined || Number.isInteger(real)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('missingPackages (dpkg-query answers)', () => {
  it('keeps only packages without an "install ok installed" line, in the wanted order', () => {
    const answer = ['libssl-dev\tinstall ok installed', 'tk-dev\tdeinstall ok config-files', 'valgrind\tinstall ok installed', 'libffi-dev:i386\tinstall ok installed', ''].join('\n');
    expect(missingPackages(['valgrind', 'tk-dev', 'clang', 'libssl-dev', 'libffi-dev'], answer)).toEqual(['tk-dev', 'clang']);
    expect(missingPackages(['a'], '')).toEqual(['a']);
  });
});

const hasDpkg = (await execa('dpkg-query', ['--version'], { reject: false })).exitCode === 0;

describe.runIf(hasDpkg)("installMissingPackages with this machine's dpkg-query", () => {
  let dir: string;
  let record: string;
  let env: Record<string, string>;
  const logged: string[] = [];
  const log = { info: (m: string) => logged.push(m), warning: (m: string) => logged.push(`warning: ${m}`) };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pydebug-apt-'));
    record = join(dir, 'calls');
    // Recording stand-ins: `sudo apt-get ...` and `apt-get ...` both land in the record file.
    for (const name of ['sudo', 'apt-get']) {
      await writeFile(join(dir, name), `#!/bin/sh\necho "${name} $*" >> '${record}'\n`);
      await chmod(join(dir, name), 0o755);
    }
    env = { PATH: `${dir}:${process.env.PATH}` };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('installs nothing, and says so, when every package is there (this machine is provisioned)', async () => {
    logged.length = 0;
    expect(await installMissingPackages(DEBIAN_BUILD_PACKAGES, env, log)).toEqual([]);
    expect(logged.join('\n')).toMatch(/build dependencies: all 13 packages are installed/);
    await expect(readFile(record, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('runs apt-get update, then install of only the missing ones (sudo unless root)', async () => {
    logged.length = 0;
    const installed = await installMissingPackages(['libssl-dev', 'pydebug-test-not-a-package'], env, log);
    expect(installed).toEqual(['pydebug-test-not-a-package']);
    const prefix = process.getuid?.() === 0 ? 'apt-get' : 'sudo apt-get';
    expect((await readFile(record, 'utf8')).trim().split('\n')).toEqual([`${prefix} update -q`, `${prefix} install -y -q --no-install-recommends pydebug-test-not-a-package`]);
    expect(logged).toContain('build dependencies: installing pydebug-test-not-a-package');
  });

  it('warns and goes on when apt-get fails', async () => {
    await writeFile(join(dir, 'apt-get'), '#!/bin/sh\necho "E: Could not get lock" >&2\nexit 100\n');
    await writeFile(join(dir, 'sudo'), '#!/bin/sh\nexec "$@"\n');
    logged.length = 0;
    expect(await installMissingPackages(['pydebug-test-not-a-package'], env, log)).toEqual([]);
    expect(logged.join('\n')).toMatch(/warning: build dependencies: apt-get update failed \(exit 100\); building anyway:\nE: Could not get lock/);
  });
});

describe("allowThreadSanitizer (the Action lowers vm.mmap_rnd_bits as CPython's CI does)", () => {
  let dir: string;
  const logged: string[] = [];
  const log = { info: (m: string) => logged.push(m), warning: (m: string) => logged.push(`warning: ${m}`) };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pydebug-sysctl-'));
    // Recording stand-ins for `sudo sysctl ...` and `sysctl ...`: nothing on this machine changes.
    for (const name of ['sudo', 'sysctl']) {
      await writeFile(join(dir, name), `#!/bin/sh\necho "${name} $*" >> '${join(dir, 'calls')}'\n`);
      await chmod(join(dir, name), 0o755);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs sysctl -w vm.mmap_rnd_bits=28 (sudo unless root) only when the kernel has more', async () => {
    const env = { PATH: `${dir}:${process.env.PATH}` };
    await writeFile(join(dir, 'bits'), '28\n');
    expect(await allowThreadSanitizer(env, log, undefined, join(dir, 'bits'))).toBe(false);
    await expect(readFile(join(dir, 'calls'), 'utf8')).rejects.toThrow(/ENOENT/);
    await writeFile(join(dir, 'bits'), '32\n');
    logged.length = 0;
    expect(await allowThreadSanitizer(env, log, undefined, join(dir, 'bits'))).toBe(true);
    const prefix = process.getuid?.() === 0 ? 'sysctl' : 'sudo sysctl';
    expect((await readFile(join(dir, 'calls'), 'utf8')).trim()).toBe(`${prefix} -w vm.mmap_rnd_bits=28`);
    expect(logged).toEqual(["ThreadSanitizer: vm.mmap_rnd_bits lowered from 32 to 28 (as CPython's CI does), for this job's TSan interpreters"]);
  });

  it('only warns when sysctl fails (sync then stops with the reason and the command)', async () => {
    for (const name of ['sudo', 'sysctl']) await writeFile(join(dir, name), '#!/bin/sh\necho "sysctl: permission denied on key vm.mmap_rnd_bits" >&2\nexit 1\n');
    await writeFile(join(dir, 'bits'), '32\n');
    logged.length = 0;
    expect(await allowThreadSanitizer({ PATH: `${dir}:${process.env.PATH}` }, log, undefined, join(dir, 'bits'))).toBe(false);
    expect(logged).toEqual(['warning: ThreadSanitizer: could not set vm.mmap_rnd_bits=28 (was 32): sysctl: permission denied on key vm.mmap_rnd_bits']);
  });
});
