import { EXIT_OK } from '../../errors.js';
import { githubMatrix } from '../../plan/github-matrix.js';
import { loadConfig } from '../context.js';
import { str, strs, type Command } from './types.js';

export const matrixCommand: Command = {
  name: 'matrix',
  summary: 'print the matrix as JSON for a GitHub Actions strategy.matrix',
  usage: 'pydebug matrix [--variant V]... [--python X]... [--json]',
  help: `
Prints {"include": [{"version": ..., "variant": ..., "id": ...}, ...]} for
strategy.matrix: fromJSON(...), so each entry builds in its own job and all share the cache.
The output is always JSON (--json is accepted for symmetry).

Options:
  --variant V   only these variants (repeat, or comma-separate)
  --python X    only these CPython versions (repeat, or comma-separate)`,
  options: { variant: { type: 'string', multiple: true }, python: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  operands: 0,
  async run(ctx, values) {
    const cfg = await loadConfig(ctx, { config: str(values, 'config') });
    const matrix = githubMatrix(cfg.project, { variants: strs(values, 'variant'), versions: strs(values, 'python') });
    ctx.stdout.write(`${JSON.stringify(matrix)}\n`);
    return EXIT_OK;
  },
};
