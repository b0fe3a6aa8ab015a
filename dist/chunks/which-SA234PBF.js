import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  entryJson
} from "./chunk-PLNKM34H.js";
import {
  entrySelection,
  lockStanding,
  pickEntry,
  projectEnvFor,
  requireBuilt,
  viewProject,
  warnIfChanged,
  warnIfStale
} from "./chunk-Q3TX4ZVO.js";
import "./chunk-SCQXXLIM.js";
import "./chunk-JQXX643E.js";
import "./chunk-EI5ALKUK.js";
import {
  bool,
  str
} from "./chunk-3UQMDTXV.js";
import "./chunk-ZHYB3AII.js";
import "./chunk-XYAONFWZ.js";
import "./chunk-WQSOTR6P.js";
import "./chunk-CEFFNG3H.js";
import "./chunk-CMRS4EB4.js";
import "./chunk-3JWHIXLM.js";
import "./chunk-TEGKQ2VS.js";
import "./chunk-VPUCQOA5.js";
import "./chunk-7FVNZRWO.js";
import "./chunk-JWVT23K3.js";
import "./chunk-HEQYW56L.js";
import "./chunk-6NEIK3EF.js";
import "./chunk-TVN4UCCV.js";
import "./chunk-BE4EDCZ3.js";
import "./chunk-MXRQTLAU.js";
import "./chunk-CIVUFNK4.js";
import "./chunk-G6Z3WR3T.js";
import "./chunk-EEAOJTGZ.js";
import "./chunk-UJBZKF62.js";
import "./chunk-7EBBVXHX.js";
import "./chunk-Y75KHDUJ.js";
import "./chunk-HEHMV332.js";
import {
  EXIT_OK,
  UsageError
} from "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";

// src/cli/commands/which.ts
var whichCommand = {
  name: "which",
  summary: "print the interpreter path of a variant",
  usage: "pydebug which <variant> [--env] [--python X] [--json]",
  help: `
Prints the absolute path of the variant's interpreter in the store (exit 1 if it is not built
yet). With --env, the interpreter of this project's own environment of the variant instead (made
on first use, as \`pydebug run\` does): install packages with that one, never the store's.
With several CPython versions in pydebug.yml, --python picks one.

When pydebug.yml changed since pydebug.lock was written, the path is the one the lock pins,
with a warning saying why the lock is stale; a variant the lock does not have yet is an error
(\`pydebug lock\`, then \`pydebug sync\`).

Options:
  --env         this project's environment's interpreter (.pydebug/envs/<id>/bin/python);
                like run, it refuses an entry whose lock record is stale
  --python X    the CPython version, when pydebug.yml lists several
  --json        print the entry as JSON (README, "JSON outputs"); with --env, also env_python
                and env_dir`,
  options: { python: { type: "string" }, json: { type: "boolean" }, env: { type: "boolean" } },
  operands: 1,
  async run(ctx, values, positionals) {
    if (positionals.length === 0) throw new UsageError("which needs a variant name", { hint: "pydebug which debug" });
    const [variant, python] = [positionals[0], str(values, "python")];
    const env = bool(values, "env");
    const view = await viewProject(ctx, { config: str(values, "config") }, entrySelection(variant, python), env ? "use" : "show");
    const entry = pickEntry(view, variant, python);
    warnIfStale(ctx, view);
    const state = requireBuilt(entry);
    warnIfChanged(ctx, entry);
    if (env) {
      const projectEnv = await projectEnvFor(ctx, view, entry.planned, state);
      ctx.stdout.write(
        bool(values, "json") ? `${JSON.stringify({ ...entryJson(entry.planned, state), env_python: projectEnv.python, env_dir: projectEnv.dir }, null, 2)}
` : `${projectEnv.python}
`
      );
      return EXIT_OK;
    }
    const standing = lockStanding(view, { id: entry.planned.id, version: entry.planned.build.source });
    ctx.stdout.write(bool(values, "json") ? `${JSON.stringify(entryJson(entry.planned, state, null, standing), null, 2)}
` : `${state.python}
`);
    return EXIT_OK;
  }
};
export {
  whichCommand
};
