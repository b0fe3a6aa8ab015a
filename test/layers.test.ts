import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

// scripts/check-layers.mjs, as `npm test` runs it: on src/, and on small trees planted here that
// each break the order one way.
const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const script = join(root, 'scripts/check-layers.mjs');

async function check(args: string[]): Promise<{ code: number; problems: string[] }> {
  try {
    const { stderr } = await run(process.execPath, [script, ...args]);
    return { code: 0, problems: lines(stderr) };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, problems: lines(err.stderr) };
  }
}
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

let planted: string | undefined;
afterEach(async () => {
  if (planted) await rm(planted, { recursive: true, force: true });
  planted = undefined;
});

/** A tree of files (path below src/ -> text) in a temp directory; returns its path. */
async function plant(files: Record<string, string>): Promise<string> {
  planted = await mkdtemp(join(tmpdir(), 'pydebug-layers-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(planted, path)), { recursive: true });
    await writeFile(join(planted, path), text);
  }
  return planted;
}

describe('check-layers', () => {
  it("passes on the repository's own src/", async () => {
    expect(await check([])).toEqual({ code: 0, problems: [] });
  });

  it('passes on a tree that imports only downward and within its folder', async () => {
    const dir = await plant({
      'errors.ts': 'export const E = 1;\n',
      'config/a.ts': "import { E } from '../errors.js';\nimport { b } from './b.js';\nexport const a = E + b;\n",
      'config/b.ts': 'export const b = 2;\n',
      'cli/main.ts': "import { a } from '../config/a.js';\nexport const m = a;\n",
    });
    expect(await check([dir])).toEqual({ code: 0, problems: [] });
  });

  it('fails on an upward import, a type-only and a dynamic one too', async () => {
    const dir = await plant({
      'config/a.ts': "import type { B } from '../ui/b.js';\nexport const a: B = 1;\n",
      'lock/c.ts': "export const c = () => import('../cli/main.js');\n",
      'ui/b.ts': 'export type B = number;\nexport const b = 1;\n',
      'cli/main.ts': 'export const main = 1;\n',
    });
    expect(await check([dir])).toEqual({
      code: 1,
      problems: ['check-layers: config/a.ts -> ui/b.ts: ui/ is above config/', 'check-layers: lock/c.ts -> cli/main.ts: cli/ is above lock/'],
    });
  });

  it('fails on an import between peers (cli/ and action/)', async () => {
    const dir = await plant({
      'cli/main.ts': "import { inputs } from '../action/inputs.js';\nexport const main = inputs;\n",
      'action/inputs.ts': 'export const inputs = 1;\n',
    });
    expect(await check([dir])).toEqual({ code: 1, problems: ['check-layers: cli/main.ts -> action/inputs.ts: action/ is a peer of cli/'] });
  });

  it('fails on a cycle between files of one folder', async () => {
    const dir = await plant({
      'config/a.ts': "import type { B } from './b.js';\nexport type A = B | 1;\n",
      'config/b.ts': "import type { A } from './a.js';\nexport type B = A[] | 2;\n",
    });
    expect(await check([dir])).toEqual({ code: 1, problems: ['check-layers: import cycle between files: config/a.ts, config/b.ts'] });
  });

  it('fails on a cycle between folders, even through a known exception', async () => {
    const dir = await plant({
      'config/a.ts': "import { c } from '../lock/c.js';\nexport const a = c;\n",
      'config/b.ts': 'export const b = 1;\n',
      'lock/c.ts': "import { b } from '../config/b.js';\nexport const c = b;\n",
    });
    expect(await check([dir, '--known', 'config/a.ts -> lock/c.ts'])).toEqual({ code: 1, problems: ['check-layers: import cycle between folders: config, lock'] });
  });

  it('fails on a folder that is in no layer', async () => {
    const dir = await plant({ 'misc/a.ts': 'export const a = 1;\n' });
    expect(await check([dir])).toEqual({
      code: 1,
      problems: ["check-layers: misc/ is in no layer: add it to LAYERS in scripts/check-layers.mjs, and to CONTRIBUTING.md's layout"],
    });
  });

  it('lets a known exception pass, and fails once it no longer occurs', async () => {
    const dir = await plant({
      'config/a.ts': "import { b } from '../ui/b.js';\nexport const a = b;\n",
      'ui/b.ts': 'export const b = 1;\n',
    });
    expect(await check([dir, '--known', 'config/a.ts -> ui/b.ts'])).toEqual({ code: 0, problems: [] });
    expect(await check([dir, '--known', 'config/a.ts -> ui/b.ts', '--known', 'lock/x.ts -> ui/b.ts'])).toEqual({
      code: 1,
      problems: ['check-layers: lock/x.ts -> ui/b.ts is in KNOWN but no longer breaks the order: take it off the list'],
    });
  });
});
