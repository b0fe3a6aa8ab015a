import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  applySelection
} from "./chunk-DWEB77UH.js";
import {
  str,
  strs
} from "./chunk-Y2YYXBXV.js";
import {
  loadConfig
} from "./chunk-GANHLQVO.js";
import "./chunk-652N44S7.js";
import "./chunk-U7VC4TJB.js";
import "./chunk-DK7TGOLI.js";
import {
  EXIT_OK
} from "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";

// src/plan/github-matrix.ts
function githubMatrix(project, selection = {}) {
  return {
    include: applySelection(project.matrix, selection, "the matrix").map((e) => ({ id: e.id, version: e.version, variant: e.variant }))
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
The output is always JSON (--json is accepted for symmetry).

Options:
  --variant V   only these variants (repeat, or comma-separate)
  --python X    only these CPython versions (repeat, or comma-separate)`,
  options: { variant: { type: "string", multiple: true }, python: { type: "string", multiple: true }, json: { type: "boolean" } },
  operands: 0,
  async run(ctx, values) {
    const cfg = await loadConfig(ctx, { config: str(values, "config") });
    const matrix = githubMatrix(cfg.project, { variants: strs(values, "variant"), versions: strs(values, "python") });
    ctx.stdout.write(`${JSON.stringify(matrix)}
`);
    return EXIT_OK;
  }
};
export {
  matrixCommand
};
