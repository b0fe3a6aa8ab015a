import { EXIT_OK, UsageError } from '../../errors.js';
import { bool, str, type Command } from './types.js';
import { entryJson, pickEntry, projectEnvFor, requireBuilt, viewProject } from './shared.js';

export const whichCommand: Command = {
  name: 'which',
  summary: 'print the interpreter path of a variant',
  usage: 'pydebug which <variant> [--env] [--version X] [--json]',
  help: `
Prints the absolute path of the variant's interpreter in the store (exit 1 if it is not built
yet). With --env, the interpreter of this project's own environment of the variant instead (made
on first use, as \`pydebug run\` does): install packages with that one, never the store's.
With several versions in pydebug.yml, --version picks one.

Options:
  --env         this project's environment's interpreter (.pydebug/envs/<id>/bin/python)
  --version X   the CPython version, when pydebug.yml lists several
  --json        print the entry as JSON (python, prefix, abiflags, macros, env, keys)`,
  options: { version: { type: 'string' }, json: { type: 'boolean' }, env: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    if (positionals.length !== 1) throw new UsageError('which needs exactly one variant name', { hint: 'pydebug which debug' });
    const view = await viewProject(ctx, { config: str(values, 'config') });
    const entry = pickEntry(view, positionals[0]!, str(values, 'version'));
    const state = requireBuilt(entry);
    if (bool(values, 'env')) {
      const projectEnv = await projectEnvFor(ctx, view, entry.planned, state);
      ctx.stdout.write(bool(values, 'json') ? `${JSON.stringify({ ...entryJson(entry.planned, state), env_python: projectEnv.python, env_dir: projectEnv.dir }, null, 2)}\n` : `${projectEnv.python}\n`);
      return EXIT_OK;
    }
    ctx.stdout.write(bool(values, 'json') ? `${JSON.stringify(entryJson(entry.planned, state), null, 2)}\n` : `${state.python}\n`);
    return EXIT_OK;
  },
};
