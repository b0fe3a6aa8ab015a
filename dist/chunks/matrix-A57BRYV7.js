import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  applySelection,
  checkLock,
  loadConfig,
  str,
  strs
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_OK,
  PydebugError
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/plan/github-matrix.ts
function githubMatrix(projectConfig, selection = {}) {
  return {
    include: applySelection(projectConfig.matrix, selection, "the matrix").map((e) => ({ id: e.id, version: e.version, variant: e.variant }))
  };
}

// src/cli/commands/matrix.ts
var matrixCommand = {
  name: "matrix",
  summary: "print the matrix as JSON for a GitHub Actions strategy.matrix",
  usage: "pydebug matrix [--variant V]... [--python X]... [--json]",
  help: `
Prints {"include": [{"version": ..., "variant": ..., "id": ...}, ...]} for
strategy.matrix: fromJSON(...), so each entry builds in its own job and all share the cache.
The output is always JSON (--json is accepted for symmetry), and always pydebug.yml's matrix:
when pydebug.lock is missing or stale, a warning on stderr says why, since the jobs that sync
from it with --frozen (the Action's default) will refuse it. The exit code stays 0.

Options:
  --variant V   only these variants (repeat, or comma-separate)
  --python X    only these CPython versions (repeat, or comma-separate)`,
  options: { variant: { type: "string", multiple: true }, python: { type: "string", multiple: true }, json: { type: "boolean" } },
  operands: 0,
  async run(ctx, values) {
    const cfg = await loadConfig(ctx, { config: str(values, "config") });
    const matrix = githubMatrix(cfg.projectConfig, { variants: strs(values, "variant"), versions: strs(values, "python") });
    await warnIfFrozenWouldRefuse(ctx, cfg);
    ctx.stdout.write(`${JSON.stringify(matrix)}
`);
    return EXIT_OK;
  }
};
async function warnIfFrozenWouldRefuse(ctx, cfg) {
  try {
    await checkLock(cfg, true);
  } catch (e) {
    if (!(e instanceof PydebugError)) throw e;
    ctx.stderr.write(`warning: ${e.message}
hint: the jobs that sync from this lock with --frozen (the Action's default) will refuse it: run \`pydebug lock\` and commit pydebug.lock
`);
  }
}
export {
  matrixCommand
};
