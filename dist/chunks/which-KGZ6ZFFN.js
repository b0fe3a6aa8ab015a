import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  entrySelection,
  pickEntry,
  projectEnvFor,
  requireBuilt,
  viewProject,
  warnIfChanged
} from "./chunk-RFFK4UXG.js";
import {
  entryJson
} from "./chunk-MVTDGF6Y.js";
import "./chunk-UPNVZOWT.js";
import "./chunk-OFM2R3VX.js";
import "./chunk-DWEB77UH.js";
import {
  bool,
  str
} from "./chunk-Y2YYXBXV.js";
import "./chunk-GANHLQVO.js";
import "./chunk-652N44S7.js";
import "./chunk-U7VC4TJB.js";
import "./chunk-DK7TGOLI.js";
import {
  EXIT_OK,
  UsageError
} from "./chunk-BEPGXEB4.js";
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

Options:
  --env         this project's environment's interpreter (.pydebug/envs/<id>/bin/python)
  --python X    the CPython version, when pydebug.yml lists several
  --json        print the entry as JSON (README, "JSON outputs"); with --env, also env_python
                and env_dir`,
  options: { python: { type: "string" }, json: { type: "boolean" }, env: { type: "boolean" } },
  operands: 1,
  async run(ctx, values, positionals) {
    if (positionals.length === 0) throw new UsageError("which needs a variant name", { hint: "pydebug which debug" });
    const [variant, python] = [positionals[0], str(values, "python")];
    const view = await viewProject(ctx, { config: str(values, "config") }, entrySelection(variant, python));
    const entry = pickEntry(view, variant, python);
    const state = requireBuilt(entry);
    warnIfChanged(ctx, entry);
    if (bool(values, "env")) {
      const projectEnv = await projectEnvFor(ctx, view, entry.planned, state);
      ctx.stdout.write(
        bool(values, "json") ? `${JSON.stringify({ ...entryJson(entry.planned, state), env_python: projectEnv.python, env_dir: projectEnv.dir }, null, 2)}
` : `${projectEnv.python}
`
      );
      return EXIT_OK;
    }
    ctx.stdout.write(bool(values, "json") ? `${JSON.stringify(entryJson(entry.planned, state), null, 2)}
` : `${state.python}
`);
    return EXIT_OK;
  }
};
export {
  whichCommand
};
