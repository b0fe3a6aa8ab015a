import { EXIT_OK, PydebugError } from '../../errors.js';
import type { ConfigFile } from '../../files/config-file.js';
import { checkLock } from '../../lockfile/lock-update.js';
import { githubMatrix } from '../../plan/github-matrix.js';
import { type CliContext, loadConfig } from '../context.js';
import { type Command, str, strs } from './types.js';

export const matrixCommand: Command = {
  name: 'matrix',
  summary: 'print the matrix as JSON for a GitHub Actions strategy.matrix',
  usage: 'pydebug matrix [--variant V]... [--python X]... [--json]',
  help: `
Prints {"include": [{"version": ..., "variant": ..., "id": ...}, ...]} for
strategy.matrix: fromJSON(...), so each entry builds in its own job and all share the cache.
The output is always JSON (--json is accepted for symmetry), and always pydebug.yml's matrix:
when pydebug.lock is missing or stale, a warning on stderr says why, since the jobs that sync
from it with --frozen (the Action's default) will refuse it. The exit code stays 0.

Options:
  --variant V   only these variants (repeat, or comma-separate)
  --python X    only these CPython versions (repeat, or comma-separate)`,
  options: { variant: { type: 'string', multiple: true }, python: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  operands: 0,
  async run(ctx, values) {
    const cfg = await loadConfig(ctx, { config: str(values, 'config') });
    const matrix = githubMatrix(cfg.projectConfig, { variants: strs(values, 'variant'), versions: strs(values, 'python') });
    await warnIfFrozenWouldRefuse(ctx, cfg);
    ctx.stdout.write(`${JSON.stringify(matrix)}\n`);
    return EXIT_OK;
  },
};

/**
 * The matrix is pydebug.yml's whatever the lock, but a lock the jobs' `sync --frozen` refuses
 * fails every job: said here, once, where the workflow starts (GitHub reads stdout as the matrix,
 * so this goes to stderr only).
 */
async function warnIfFrozenWouldRefuse(ctx: CliContext, cfg: ConfigFile): Promise<void> {
  try {
    await checkLock(cfg, true);
  } catch (e) {
    if (!(e instanceof PydebugError)) throw e;
    ctx.stderr.write(`warning: ${e.message}\nhint: the jobs that sync from this lock with --frozen (the Action's default) will refuse it: run \`pydebug lock\` and commit pydebug.lock\n`);
  }
}
