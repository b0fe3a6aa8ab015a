import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  renderTable
} from "./chunk-QGEUU5OJ.js";
import {
  viewProject,
  warnIfChanged
} from "./chunk-RFFK4UXG.js";
import {
  entryJson
} from "./chunk-MVTDGF6Y.js";
import "./chunk-UPNVZOWT.js";
import {
  projectUses,
  realLockPath,
  usersOf
} from "./chunk-OFM2R3VX.js";
import "./chunk-DWEB77UH.js";
import {
  bool,
  str,
  strs
} from "./chunk-Y2YYXBXV.js";
import "./chunk-GANHLQVO.js";
import "./chunk-652N44S7.js";
import "./chunk-U7VC4TJB.js";
import "./chunk-DK7TGOLI.js";
import {
  EXIT_OK
} from "./chunk-BEPGXEB4.js";
import "./chunk-4XGRPEUQ.js";

// src/cli/commands/list.ts
import { dirname } from "node:path";
var listCommand = {
  name: "list",
  summary: "list the matrix entries, built or not, with their interpreter paths",
  usage: "pydebug list [--variant V]... [--python X]... [--projects] [--json]",
  help: `
One line per matrix entry (version × variant): whether it is built, damaged or missing, its
abiflags and its interpreter path. An entry changed since it was built (a file written into it,
e.g. by pip install run with the store interpreter) shows as "built, changed", with a warning
naming the files; \`pydebug sync\` rebuilds it.

Options:
  --variant V   only these variants (repeat, or comma-separate)
  --python X    only these CPython versions (repeat, or comma-separate)
  --projects    also the projects that use each entry (their pydebug.lock, this one's first):
                the entries \`pydebug clean\` in this project keeps for the others
  --json        print the entries as JSON (the shape README's "JSON outputs" describes; with
                --projects, each has "used_by": the lock paths)`,
  options: { variant: { type: "string", multiple: true }, python: { type: "string", multiple: true }, projects: { type: "boolean" }, json: { type: "boolean" } },
  operands: 0,
  async run(ctx, values) {
    const view = await viewProject(ctx, { config: str(values, "config") }, { variants: strs(values, "variant"), versions: strs(values, "python") });
    const rows = view.entries.map((e) => entryJson(e.planned, e.state));
    for (const e of view.entries) warnIfChanged(ctx, e);
    const users = bool(values, "projects") ? await usersByEntry(view, (m) => ctx.stderr.write(`warning: ${m}
`)) : void 0;
    if (bool(values, "json")) {
      const shown = users ? rows.map((r, i) => ({ ...r, used_by: users[i].map((u) => u.lock) })) : rows;
      ctx.stdout.write(`${JSON.stringify(shown, null, 2)}
`);
    } else {
      const projects = (i) => users[i].map((u) => `${dirname(u.lock)}${u.unreadable ? " (lock unreadable)" : ""}`).join(", ");
      ctx.stdout.write(
        `${renderTable(
          ["entry", "status", "abiflags", "python", ...users ? ["used by"] : []],
          rows.map((r, i) => [r.id, r.status === "built" && r.changed?.length ? "built, changed" : r.status, JSON.stringify(r.abiflags), r.python ?? "-", ...users ? [projects(i)] : []])
        )}
`
      );
    }
    return EXIT_OK;
  }
};
async function usersByEntry(view, warn) {
  const self = await realLockPath(view.lock.path);
  const { others } = await projectUses(view.store, self, warn);
  return view.entries.map((e) => [{ lock: self }, ...usersOf(e.planned.entryKey, others)]);
}
export {
  listCommand
};
