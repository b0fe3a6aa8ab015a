import { dirname } from 'node:path';
import { EXIT_OK } from '../../errors.js';
import { effectiveMirror } from '../../source/mirror.js';
import { syncedEntryJson } from '../../store/entry-json.js';
import { MAX_JOBS, syncProject } from '../../sync/sync.js';
import { formatDuration } from '../../ui/reporter.js';
import { loadConfig, makeReporter, openStore } from '../context.js';
import { bool, positiveInt, str, strs, type Command } from './types.js';

export const syncCommand: Command = {
  name: 'sync',
  summary: "build (or reuse) every matrix entry, verify each interpreter's flags, store it",
  usage: 'pydebug sync [--frozen] [--jobs N] [--parallel N] [--variant V]... [--python X]... [--keep-build] [--json]',
  help: `
Updates pydebug.lock when pydebug.yml changed (unless --frozen), then for every selected matrix
entry not already in the store: downloads the tarball once (PYDEBUG_MIRROR or mirror: apply),
verifies its MD5 and SHA-256 against the lock, extracts it once, builds out of tree
(../configure <locked args>; make -jN; make install into staging), probes the interpreter and
fails if a locked macro or abiflag is missing, and only then moves it into the store.
The full log of each build is kept (logs/<key>.log under PYDEBUG_HOME, and inside the entry).

Options:
  --frozen          refuse to run when pydebug.lock is missing or stale (CI)
  --jobs N          make -jN, N from 1 to ${MAX_JOBS} (default: the number of cores)
  --parallel N      entries built at once, 1 to ${MAX_JOBS} (default: twice the number of cores)
  --variant V       only these variants (repeat, or comma-separate)
  --python X        only these CPython versions (repeat, or comma-separate)
  --keep-build      keep the build directories (to debug a failing build)
  --json            print the synced entries as JSON on stdout (README, "JSON outputs")`,
  options: {
    frozen: { type: 'boolean' },
    jobs: { type: 'string', short: 'j' },
    parallel: { type: 'string' },
    variant: { type: 'string', multiple: true },
    python: { type: 'string', multiple: true },
    'keep-build': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  operands: 0,
  async run(ctx, values) {
    const common = { config: str(values, 'config'), quiet: bool(values, 'quiet') };
    const jobs = positiveInt(values, 'jobs', MAX_JOBS);
    const parallel = positiveInt(values, 'parallel', MAX_JOBS);
    const cfg = await loadConfig(ctx, common);
    const reporter = makeReporter(ctx, common);
    try {
      const result = await syncProject(
        cfg,
        {
          frozen: bool(values, 'frozen'),
          jobs,
          parallel,
          selection: { variants: strs(values, 'variant'), versions: strs(values, 'python') },
          keepBuildDir: bool(values, 'keep-build'),
        },
        {
          store: openStore(ctx),
          env: ctx.env,
          reporter,
          signal: ctx.interrupts.signal,
          buildsRunning: () => ctx.interrupts.buildsRunning(),
          mirror: effectiveMirror(ctx.env.PYDEBUG_MIRROR, cfg.project.mirror, { cwd: ctx.cwd, configDir: dirname(cfg.path) }),
        },
      );
      reporter.close();
      const built = result.entries.filter((e) => e.status === 'built').length;
      if (bool(values, 'json')) {
        ctx.stdout.write(
          `${JSON.stringify(
            result.entries.map((e) => syncedEntryJson(e, result.lock.lock.builds[e.id]!)),
            null,
            2,
          )}\n`,
        );
      }
      if (!common.quiet) {
        ctx.stderr.write(
          `${result.entries.length} entr${result.entries.length === 1 ? 'y' : 'ies'} ready (${built} built, ${result.entries.length - built} already in the store) in ${formatDuration(result.seconds)}\n`,
        );
      }
      return EXIT_OK;
    } finally {
      reporter.close();
    }
  },
};
