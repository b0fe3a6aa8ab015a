import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileTempDir } from './support/temp-dir.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
let out: string;
beforeAll(async () => {
  out = await fileTempDir('pydebug-check-dist-');
  await run(process.execPath, [join(root, 'scripts/build.mjs'), '--out', out]);
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('committed build output', () => {
  it('dist/ and schema/ are exactly what the sources build (run `npm run build` and commit)', async () => {
    for (const dir of ['dist', 'schema']) {
      const fresh = await listFiles(join(out, dir));
      expect(await listFiles(join(root, dir))).toEqual(fresh);
      for (const f of fresh) {
        const [a, b] = await Promise.all([readFile(join(root, dir, f)), readFile(join(out, dir, f))]);
        expect(a.equals(b), `${dir}/${f} differs from a fresh build`).toBe(true);
      }
    }
  });

  it('the bundled CLI prints the version in package.json', async () => {
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run(process.execPath, [join(out, 'dist', 'cli.js'), '--version']);
    expect(stdout).toBe(`pydebug ${version}\n`);
  });
});
