import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT_OK } from '../../errors.js';
import { treeSize } from '../../store/store.js';
import { openStore } from '../context.js';
import { bool, str, type Command } from './types.js';
import { viewProject } from './shared.js';

async function sizeOf(path: string): Promise<number> {
  const st = await stat(path).catch(() => undefined);
  if (!st) return 0;
  return st.isDirectory() ? (await treeSize(path)).bytes : st.size;
}

export const cleanCommand: Command = {
  name: 'clean',
  summary: 'remove this project\'s built entries and temporary files from the store',
  usage: 'pydebug clean [--all]',
  help: `
Removes the store entries of this project's matrix (so the next sync rebuilds them), extracted
source trees, leftover build and staging directories. Downloads and other projects' entries stay.

Options:
  --all   remove the whole store (PYDEBUG_HOME): every project's interpreters and all downloads`,
  options: { all: { type: 'boolean' } },
  async run(ctx, values) {
    const store = openStore(ctx);
    const removed: Array<[string, number]> = [];
    const drop = async (path: string) => {
      const bytes = await sizeOf(path);
      await rm(path, { recursive: true, force: true });
      if (bytes > 0) removed.push([path, bytes]);
    };
    if (bool(values, 'all')) {
      await drop(store.root);
    } else {
      const view = await viewProject(ctx, { config: str(values, 'config') });
      for (const e of view.entries) {
        if (e.state.status !== 'missing') {
          const bytes = await sizeOf(store.entryDir(e.planned.key));
          await store.remove(e.planned.key);
          removed.push([store.entryDir(e.planned.key), bytes]);
        }
      }
      for (const dir of ['tmp', 'sources']) await drop(join(store.root, dir));
    }
    const total = removed.reduce((a, [, b]) => a + b, 0);
    for (const [path, bytes] of removed) ctx.stderr.write(`removed ${path} (${(bytes / 1e6).toFixed(1)} MB)\n`);
    ctx.stderr.write(`freed ${(total / 1e6).toFixed(1)} MB\n`);
    return EXIT_OK;
  },
};
