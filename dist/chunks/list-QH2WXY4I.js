import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  bool,
  entryJson,
  lockStanding,
  notLockedEntryJson,
  olderEntriesLine,
  projectUses,
  realLockPath,
  renderTable,
  str,
  strs,
  usersOf,
  viewProject,
  warnIfChanged,
  warnIfStale
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_OK
} from "./chunk-2N76SVMT.js";
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

When pydebug.yml changed since pydebug.lock was written, the entries are the ones the lock pins
(marked "lock stale" where pydebug.yml now says otherwise), with one warning saying why; an entry
the lock does not have yet shows as "not locked". \`pydebug lock\` updates the lock.

Entries an older pydebug (entry format 3 and earlier) left in the store are not listed: one note
says how many there are (this pydebug builds its own with \`pydebug sync\`).

Options:
  --variant V   only these variants (repeat, or comma-separate)
  --python X    only these CPython versions (repeat, or comma-separate)
  --projects    also the projects that use each entry (their pydebug.lock, this one's first):
                the entries \`pydebug clean\` in this project keeps for the others
  --json        print the entries as JSON (the shape README's "JSON outputs" describes; with
                --projects, each has "used_by": the lock paths; lock_stale and lock_reasons
                say whether each entry's lock record is out of date with pydebug.yml)`,
  options: { variant: { type: "string", multiple: true }, python: { type: "string", multiple: true }, projects: { type: "boolean" }, json: { type: "boolean" } },
  operands: 0,
  async run(ctx, values) {
    const view = await viewProject(ctx, { config: str(values, "config") }, { variants: strs(values, "variant"), versions: strs(values, "python") }, "show");
    warnIfStale(ctx, view);
    const order = view.cfg.projectConfig.matrix.map((m) => m.id);
    const rows = [
      ...view.entries.map((e) => entryJson(e.planned, e.state, null, lockStanding(view, { id: e.planned.id, version: e.planned.build.source }))),
      ...view.notLocked.map((m) => notLockedEntryJson(m, lockStanding(view, m)))
    ].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    for (const e of view.entries) warnIfChanged(ctx, e);
    const older = await olderEntriesLine(view.store);
    if (older) ctx.stderr.write(`note: ${older}
`);
    const users = bool(values, "projects") ? await usersByEntry(view, (m) => ctx.stderr.write(`warning: ${m}
`)) : void 0;
    const usedBy = (row) => users?.get(row.id) ?? [];
    if (bool(values, "json")) {
      const shown = users ? rows.map((r) => ({ ...r, used_by: usedBy(r).map((u) => u.lock) })) : rows;
      ctx.stdout.write(`${JSON.stringify(shown, null, 2)}
`);
    } else {
      const projects = (r) => usedBy(r).map((u) => `${dirname(u.lock)}${u.unreadable ? " (lock unreadable)" : ""}`).join(", ") || "-";
      ctx.stdout.write(
        `${renderTable(
          ["entry", "status", "abiflags", "python", ...users ? ["used by"] : []],
          rows.map((r) => [r.id, statusText(r), r.abiflags === null ? "-" : JSON.stringify(r.abiflags), r.python ?? "-", ...users ? [projects(r)] : []])
        )}
`
      );
    }
    return EXIT_OK;
  }
};
function statusText(r) {
  if (r.status === "built" && r.changed?.length) return r.lock_stale ? "built, changed, lock stale" : "built, changed";
  return r.lock_stale && r.status !== "not locked" ? `${r.status}, lock stale` : r.status;
}
async function usersByEntry(view, warn) {
  const self = await realLockPath(view.lock.path);
  const { others } = await projectUses(view.store, self, warn);
  return new Map(view.entries.map((e) => [e.planned.id, [{ lock: self }, ...usersOf(e.planned.entryKey, others)]]));
}
export {
  listCommand
};
