import { join, resolve } from 'node:path';
import { probeInterpreter } from '../../builder/probe.js';
import { proveFlags } from '../../builder/proofs.js';
import { sanitizerExports } from '../../env/variant-env.js';
import { EXIT_OK } from '../../errors.js';
import { loadConfigFile } from '../../files/config-file.js';
import { type InspectedEntry, inspectView, renderInspect } from '../../ui/inspect-table.js';
import { nearestConfigPath } from '../context.js';
import { entrySelection, lockStanding, pickEntry, requireBuilt, viewProject, warnIfStale } from './shared.js';
import { bool, type Command, str } from './types.js';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: "probe an interpreter and print the recipe's table: debug macros, abiflags, allocator",
  usage: 'pydebug inspect [<variant> | <python>] [--python X] [--json]',
  help: `
Runs the interpreter and reports, with the proof of each: Py_DEBUG, Py_REF_DEBUG,
Py_TRACE_REFS, WITH_PYMALLOC, WITH_VALGRIND, Py_GIL_DISABLED, NDEBUG (asserts), sys.abiflags,
the allocator in use and sanitizers. Works on any CPython 3.8+, built by pydebug or not.

The argument is a variant of pydebug.yml (its built interpreter), or an interpreter path or
command name; the default is python3 from PATH. A variant is the entry pydebug.lock pins: when
pydebug.yml changed since, a warning says why the lock is stale (\`pydebug lock\` updates it).

Options:
  --python X    with a variant: the CPython version, when pydebug.yml lists several
  --json        print the report as JSON (of a variant, lock_stale and lock_reasons say
                whether its lock record is out of date with pydebug.yml)`,
  options: { python: { type: 'string' }, json: { type: 'boolean' } },
  operands: 1,
  async run(ctx, values, positionals) {
    const target = positionals[0] ?? 'python3';
    let python = target;
    let entry: InspectedEntry | undefined;
    let probeEnv: Record<string, string> | undefined;
    // Of a variant: whether its lock record is stale (null for an interpreter that is no entry).
    let lockFields: { lock_stale: boolean | null; lock_reasons: string[] | null } = { lock_stale: null, lock_reasons: null };
    const looksLikePath = target.includes('/');
    if (!looksLikePath) {
      // A variant name wins when pydebug.yml declares it; only then is the lock read.
      const config = str(values, 'config');
      const path = await nearestConfigPath(ctx, { config });
      const declared = path !== undefined && (await loadConfigFile(path, ctx.cwd)).projectConfig.variants.some((v) => v.name === target);
      if (declared) {
        const view = await viewProject(ctx, { config }, entrySelection(target, str(values, 'python')), 'show');
        const picked = pickEntry(view, target, str(values, 'python'));
        warnIfStale(ctx, view);
        lockFields = lockStanding(view, { id: picked.planned.id, version: picked.planned.build.source });
        const built = requireBuilt(picked);
        python = built.python;
        const supp = built.manifest.files.valgrind_suppressions;
        const sanitizer = sanitizerExports(picked.planned.build.env, built);
        entry = { valgrindSuppressions: supp ? join(built.dir, supp) : null, ...sanitizer };
        // The probe runs under the entry's sanitizer options (CPython's known races suppressed).
        probeEnv = { PATH: ctx.env.PATH ?? '', ...sanitizer.sanitizerOptions };
      }
    } else {
      python = resolve(ctx.cwd, target);
    }
    const report = await probeInterpreter(python, { signal: ctx.interrupts.signal, ...(probeEnv ? { env: probeEnv } : {}) });
    const view = inspectView(report, proveFlags(report), entry);
    ctx.stdout.write(bool(values, 'json') ? `${JSON.stringify({ ...view, ...lockFields }, null, 2)}\n` : renderInspect(view));
    return EXIT_OK;
  },
};
