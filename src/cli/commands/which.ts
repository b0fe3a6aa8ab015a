import { EXIT_OK, UsageError } from '../../errors.js';
import { bool, str, type Command } from './types.js';
import { entryJson, pickEntry, requireBuilt, viewProject } from './shared.js';

export const whichCommand: Command = {
  name: 'which',
  summary: 'print the interpreter path of a variant',
  usage: 'pydebug which <variant> [--version X] [--json]',
  help: `
Prints the absolute path of the variant's interpreter (exit 1 if it is not built yet).
With several versions in pydebug.yml, --version picks one.

Options:
  --version X   the CPython version, when pydebug.yml lists several
  --json        print the entry as JSON (python, prefix, abiflags, macros, env, keys)`,
  options: { version: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    if (positionals.length !== 1) throw new UsageError('which needs exactly one variant name', { hint: 'pydebug which debug' });
    const view = await viewProject(ctx, { config: str(values, 'config') });
    const entry = pickEntry(view, positionals[0]!, str(values, 'version'));
    const state = requireBuilt(entry);
    ctx.stdout.write(bool(values, 'json') ? `${JSON.stringify(entryJson(entry.planned, state), null, 2)}\n` : `${state.python}\n`);
    return EXIT_OK;
  },
};
