/** Peak memory of one guarded extraction (run under /usr/bin/time -f %M). */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractSourceTree } from '../src/source/extract.js';

export async function main(argv: string[]): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'pydebug-rss-'));
  try {
    await extractSourceTree(argv[0]!, work, join(work, 'tree'), { sha256: 'bench' });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
