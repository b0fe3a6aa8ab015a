import { dirname } from 'node:path';
import { EXIT_OK } from '../../errors.js';
import { usersOf, type EntryUser } from '../../plan/clean-plan.js';
import { entryJson } from '../../store/entry-json.js';
import { projectUses, realLockPath } from '../../store/projects.js';
import { renderTable } from '../../ui/table.js';
import { bool, str, strs, type Command } from './types.js';
import { viewProject, warnIfChanged, type ProjectView } from './shared.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'list the matrix entries, built or not, with their interpreter paths',
  usage: 'pydebug list [--variant V]... [--python X]... [--projects] [--json]',
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
  options: { variant: { type: 'string', multiple: true }, python: { type: 'string', multiple: true }, projects: { type: 'boolean' }, json: { type: 'boolean' } },
  operands: 0,
  async run(ctx, values) {
    const view = await viewProject(ctx, { config: str(values, 'config') }, { variants: strs(values, 'variant'), versions: strs(values, 'python') });
    const rows = view.entries.map((e) => entryJson(e.planned, e.state));
    for (const e of view.entries) warnIfChanged(ctx, e);
    const users = bool(values, 'projects') ? await usersByEntry(view, (m) => ctx.stderr.write(`warning: ${m}\n`)) : undefined;
    if (bool(values, 'json')) {
      const shown = users ? rows.map((r, i) => ({ ...r, used_by: users[i]!.map((u) => u.lock) })) : rows;
      ctx.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    } else {
      const projects = (i: number) => users![i]!.map((u) => `${dirname(u.lock)}${u.unreadable ? ' (lock unreadable)' : ''}`).join(', ');
      ctx.stdout.write(
        `${renderTable(
          ['entry', 'status', 'abiflags', 'python', ...(users ? ['used by'] : [])],
          rows.map((r, i) => [r.id, r.status === 'built' && r.changed?.length ? 'built, changed' : r.status, JSON.stringify(r.abiflags), r.python ?? '-', ...(users ? [projects(i)] : [])]),
        )}\n`,
      );
    }
    return EXIT_OK;
  },
};

/** For each entry of the view: this project, then every other one whose lock names it (store/projects.ts). */
async function usersByEntry(view: ProjectView, warn: (m: string) => void): Promise<EntryUser[][]> {
  const self = await realLockPath(view.lock.path);
  const { others } = await projectUses(view.store, self, warn);
  return view.entries.map((e) => [{ lock: self }, ...usersOf(e.planned.entryKey, others)]);
}
