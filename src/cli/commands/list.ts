import { EXIT_OK } from '../../errors.js';
import { entryJson } from '../../store/entry-json.js';
import { renderTable } from '../../ui/table.js';
import { bool, str, strs, type Command } from './types.js';
import { viewProject, warnIfChanged } from './shared.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'list the matrix entries, built or not, with their interpreter paths',
  usage: 'pydebug list [--variant V]... [--python X]... [--json]',
  help: `
One line per matrix entry (version × variant): whether it is built, damaged or missing, its
abiflags and its interpreter path. An entry changed since it was built (a file written into it,
e.g. by pip install run with the store interpreter) shows as "built, changed", with a warning
naming the files; \`pydebug sync\` rebuilds it.

Options:
  --variant V   only these variants (repeat, or comma-separate)
  --python X    only these CPython versions (repeat, or comma-separate)
  --json        print the entries as JSON (the shape README's "JSON outputs" describes)`,
  options: { variant: { type: 'string', multiple: true }, python: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  operands: 0,
  async run(ctx, values) {
    const view = await viewProject(ctx, { config: str(values, 'config') }, { variants: strs(values, 'variant'), versions: strs(values, 'python') });
    const rows = view.entries.map((e) => entryJson(e.planned, e.state));
    for (const e of view.entries) warnIfChanged(ctx, e);
    if (bool(values, 'json')) {
      ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      ctx.stdout.write(
        `${renderTable(
          ['entry', 'status', 'abiflags', 'python'],
          rows.map((r) => [r.id, r.status === 'built' && r.changed?.length ? 'built, changed' : r.status, JSON.stringify(r.abiflags), r.python ?? '-']),
        )}\n`,
      );
    }
    return EXIT_OK;
  },
};
