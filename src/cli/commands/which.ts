import { EXIT_OK, UsageError } from '../../errors.js';
import { bool, str, type Command } from './types.js';
import { entryJson, entrySelection, pickEntry, requireBuilt, viewProject } from './shared.js';

export const whichCommand: Command = {
  name: 'which',
  summary: 'print the interpreter path of a variant',
  usage: 'pydebug which <variant> [--python X] [--json]',
  help: `
Prints the absolute path of the variant's interpreter (exit 1 if it is not built yet).
With several CPython versions in pydebug.yml, --python picks one.

Options:
  --python X    the CPython version, when pydebug.yml lists several
  --json        print the entry as JSON (python, prefix, abiflags, macros, env, keys)`,
  options: { python: { type: 'string' }, json: { type: 'boolean' } },
  operands: 1,
  async run(ctx, values, positionals) {
    if (positionals.length === 0) throw new UsageError('which needs a variant name', { hint: 'pydebug which debug' });
    const [variant, python] = [positionals[0]!, str(values, 'python')];
    const view = await viewProject(ctx, { config: str(values, 'config') }, entrySelection(variant, python));
    const entry = pickEntry(view, variant, python);
    const state = requireBuilt(entry);
    ctx.stdout.write(bool(values, 'json') ? `${JSON.stringify(entryJson(entry.planned, state), null, 2)}\n` : `${state.python}\n`);
    return EXIT_OK;
  },
};
