/**
 * Extraction of a real CPython tarball: pydebug's guarded extraction (TarGuard between the
 * decompressor and tar) against plain `tar -xf`, same invocation, alternating, 3 runs each.
 *   node bench/run.mjs extract [--version 3.13.5]
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { extractSourceTree } from '../src/source/extract.js';
import { TARBALLS } from '../test/e2e/shared.js';

export async function main(argv: string[]): Promise<void> {
  const i = argv.indexOf('--version');
  const version = i === -1 ? '3.13.5' : argv[i + 1]!;
  const t = TARBALLS.find((x) => x.version === version)!;
  const tarball = join(process.env.PYDEBUG_TEST_TARBALLS ?? join(homedir(), '.cache', 'pydebug-test-tarballs'), version, t.file);
  const work = await mkdtemp(join(tmpdir(), 'pydebug-bench-extract-'));
  const plain: number[] = [];
  const guarded: number[] = [];
  try {
    for (let run = 0; run < 3; run++) {
      let t0 = performance.now();
      const d1 = join(work, `plain-${run}`);
      await execa('mkdir', ['-p', d1]);
      await execa('tar', ['-xf', tarball, '-C', d1]);
      plain.push((performance.now() - t0) / 1000);
      t0 = performance.now();
      await extractSourceTree(tarball, work, join(work, `guarded-${run}`), { sha256: 'bench' });
      guarded.push((performance.now() - t0) / 1000);
      await rm(d1, { recursive: true, force: true });
      await rm(join(work, `guarded-${run}`), { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  process.stdout.write(`${t.file}: tar -xf ${med(plain).toFixed(2)} s, pydebug (guarded) ${med(guarded).toFixed(2)} s, ratio ${(med(guarded) / med(plain)).toFixed(2)}×\n`);
}
