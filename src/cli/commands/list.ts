import { EXIT_OK } from '../../errors.js';
import { renderTable } from '../../ui/table.js';
import { bool, str, type Command } from './types.js';
import { entryJson, viewProject } from './shared.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'list the matrix entries, built or not, with their interpreter paths',
  usage: 'pydebug list [--json]',
  help: `
One line per matrix entry (version × variant): whether it is built, damaged or missing, its
abiflags and its interpreter path.

Options:
  --json   print the entries as JSON`,
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const view = await viewProject(ctx, { config: str(values, 'config') });
    const rows = view.entries.map((e) => entryJson(e.planned, e.state));
    if (bool(values, 'json')) {
      ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      ctx.stdout.write(
        `${renderTable(
          ['entry', 'status', 'abiflags', 'python'],
          rows.map((r) => [r.id, r.status, JSON.stringify(r.abiflags), r.python ?? '-']),
        )}\n`,
      );
    }
    return EXIT_OK;
  },
};
