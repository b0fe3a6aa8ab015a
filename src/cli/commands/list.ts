import { dirname } from 'node:path';
import { EXIT_OK } from '../../errors.js';
import { type EntryUser, usersOf } from '../../plan/clean-plan.js';
import { type EntryJson, entryJson, type NotLockedEntryJson, notLockedEntryJson } from '../../store/entry-json.js';
import { projectUses, realLockPath } from '../../store/projects.js';
import { renderTable } from '../../ui/table.js';
import { lockStanding, olderEntriesLine, type ProjectView, viewProject, warnIfChanged, warnIfStale } from './shared.js';
import { bool, type Command, str, strs } from './types.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'list the matrix entries, built or not, with their interpreter paths',
  usage: 'pydebug list [--variant V]... [--python X]... [--projects] [--json]',
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
  options: { variant: { type: 'string', multiple: true }, python: { type: 'string', multiple: true }, projects: { type: 'boolean' }, json: { type: 'boolean' } },
  operands: 0,
  async run(ctx, values) {
    const view = await viewProject(ctx, { config: str(values, 'config') }, { variants: strs(values, 'variant'), versions: strs(values, 'python') }, 'show');
    warnIfStale(ctx, view);
    const order = view.cfg.projectConfig.matrix.map((m) => m.id);
    const rows: ListedEntry[] = [
      ...view.entries.map((e) => entryJson(e.planned, e.state, null, lockStanding(view, { id: e.planned.id, version: e.planned.build.source }))),
      ...view.notLocked.map((m) => notLockedEntryJson(m, lockStanding(view, m))),
    ].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    for (const e of view.entries) warnIfChanged(ctx, e);
    // A store shared with an older pydebug: its entries are not this one's, and are not listed.
    const older = await olderEntriesLine(view.store);
    if (older) ctx.stderr.write(`note: ${older}\n`);
    const users = bool(values, 'projects') ? await usersByEntry(view, (m) => ctx.stderr.write(`warning: ${m}\n`)) : undefined;
    const usedBy = (row: ListedEntry) => users?.get(row.id) ?? [];
    if (bool(values, 'json')) {
      const shown = users ? rows.map((r) => ({ ...r, used_by: usedBy(r).map((u) => u.lock) })) : rows;
      ctx.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    } else {
      const projects = (r: ListedEntry) =>
        usedBy(r)
          .map((u) => `${dirname(u.lock)}${u.unreadable ? ' (lock unreadable)' : ''}`)
          .join(', ') || '-';
      ctx.stdout.write(
        `${renderTable(
          ['entry', 'status', 'abiflags', 'python', ...(users ? ['used by'] : [])],
          rows.map((r) => [r.id, statusText(r), r.abiflags === null ? '-' : JSON.stringify(r.abiflags), r.python ?? '-', ...(users ? [projects(r)] : [])]),
        )}\n`,
      );
    }
    return EXIT_OK;
  },
};

type ListedEntry = EntryJson | NotLockedEntryJson;

function statusText(r: ListedEntry): string {
  if (r.status === 'built' && r.changed?.length) return r.lock_stale ? 'built, changed, lock stale' : 'built, changed';
  return r.lock_stale && r.status !== 'not locked' ? `${r.status}, lock stale` : r.status;
}

/** For each locked entry of the view (by id): this project, then every other one whose lock names it (store/projects.ts). */
async function usersByEntry(view: ProjectView, warn: (m: string) => void): Promise<Map<string, EntryUser[]>> {
  const self = await realLockPath(view.lock.path);
  const { others } = await projectUses(view.store, self, warn);
  return new Map(view.entries.map((e) => [e.planned.id, [{ lock: self }, ...usersOf(e.planned.entryKey, others)]]));
}
