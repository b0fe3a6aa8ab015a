import { execa } from 'execa';
import { delimiter, dirname } from 'node:path';
import { constants } from 'node:os';
import { EXIT_FAILURE, UsageError } from '../../errors.js';
import { str, type Command } from './types.js';
import { pickEntry, requireBuilt, viewProject } from './shared.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'run a command with a variant\'s interpreter first on PATH and its env',
  usage: 'pydebug run <variant> [--version X] -- <command> [args...]',
  help: `
Runs <command> with the variant's bin/ directory first on PATH (so python, python3 and pip3 are
the variant's), the variant's env from pydebug.yml (e.g. PYTHONMALLOC), and PYDEBUG_PYTHON,
PYDEBUG_VARIANT and PYDEBUG_VERSION set. Exits with the command's exit code.

Options:
  --version X   the CPython version, when pydebug.yml lists several

Examples:
  pydebug run debug -- python -c "import sys; print(sys.gettotalrefcount())"
  pydebug run valgrind -- valgrind --error-exitcode=9 python -m pytest`,
  options: { version: { type: 'string' } },
  passthrough: true,
  async run(ctx, values, positionals) {
    const [variant, ...command] = positionals;
    if (!variant || command.length === 0) throw new UsageError('run needs a variant and a command', { hint: 'pydebug run debug -- python -c "import sys"' });
    const view = await viewProject(ctx, { config: str(values, 'config') });
    const entry = pickEntry(view, variant, str(values, 'version'));
    const state = requireBuilt(entry);
    const bin = dirname(state.python);
    const env: Record<string, string | undefined> = {
      ...ctx.env,
      ...entry.planned.build.env,
      PATH: [bin, ctx.env.PATH].filter(Boolean).join(delimiter),
      PYDEBUG_PYTHON: state.python,
      PYDEBUG_VARIANT: entry.planned.build.variant,
      PYDEBUG_VERSION: entry.planned.build.version,
    };
    // A virtualenv from the caller's shell would otherwise shadow the variant's site-packages.
    delete env.VIRTUAL_ENV;
    delete env.PYTHONHOME;
    const child = execa(command[0]!, command.slice(1), { env, extendEnv: false, stdio: 'inherit', reject: false, cancelSignal: ctx.signal });
    const r = await child;
    if (r.code === 'ENOENT') {
      ctx.stderr.write(`error: ${command[0]}: command not found (PATH starts with ${bin})\n`);
      return 127;
    }
    if (r.signal) return 128 + (constants.signals[r.signal as keyof typeof constants.signals] ?? 0);
    return r.exitCode ?? EXIT_FAILURE;
  },
};
