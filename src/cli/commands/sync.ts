import { dirname } from 'node:path';
import { EXIT_OK } from '../../errors.js';
import { MAX_JOBS } from '../../limits.js';
import type { PlannedBuild } from '../../plan/sync-plan.js';
import { formatDuration, type Reporter } from '../../progress.js';
import { type Credentials, effectiveRegistry, type RegistryLocation, registryCredentials } from '../../registry/reference.js';
import { effectiveMirror } from '../../source/mirror.js';
import { syncedEntryJson } from '../../store/entry-json.js';
import type { Store } from '../../store/store.js';
import { pullFromEnv, type SyncStatus, syncProject } from '../../sync/sync.js';
import { loadConfig, makeReporter, openStore } from '../context.js';
import { bool, type Command, positiveInt, str, strs } from './types.js';

export const syncCommand: Command = {
  name: 'sync',
  summary: "build (or reuse) every matrix entry, verify each interpreter's flags, store it",
  usage: 'pydebug sync [--frozen] [--jobs N] [--parallel N] [--variant V]... [--python X]... [--keep-build] [--no-pull] [--json]',
  help: `
Updates pydebug.lock when pydebug.yml changed (unless --frozen), then for every selected matrix
entry not already in the store: downloads the tarball once (PYDEBUG_MIRROR or mirror: apply),
verifies its MD5 and SHA-256 against the lock, extracts it once, builds out of tree
(../configure <locked args>; make -jN; make install into staging), probes the interpreter and
fails if a locked macro or abiflag is missing, and only then moves it into the store.
The full log of each build is kept (logs/<key>.log under PYDEBUG_HOME, and inside the entry).
With a registry (registry: in pydebug.yml, or PYDEBUG_REGISTRY), an entry the store lacks is
first pulled from it: a build pinned in pydebug.lock only by its digest (a moved tag is ignored,
with a warning), an unpinned one by its tag (trusted on the registry's word, and said so); the
archive is checked file by file, moved to this store's path, and its interpreter proven against
the lock before it is installed. Anything wrong is a warning, and the entry is built.

Options:
  --frozen          refuse to run when pydebug.lock is missing or stale (CI)
  --jobs N          make -jN, N from 1 to ${MAX_JOBS} (default: the number of cores)
  --parallel N      entries built at once, 1 to ${MAX_JOBS} (default: twice the number of cores)
  --variant V       only these variants (repeat, or comma-separate)
  --python X        only these CPython versions (repeat, or comma-separate)
  --keep-build      keep the build directories (to debug a failing build)
  --no-pull         build what the store lacks instead of pulling it (also PYDEBUG_PULL=0)
  --json            print the synced entries as JSON on stdout (README, "JSON outputs")`,
  options: {
    frozen: { type: 'boolean' },
    jobs: { type: 'string', short: 'j' },
    parallel: { type: 'string' },
    variant: { type: 'string', multiple: true },
    python: { type: 'string', multiple: true },
    'keep-build': { type: 'boolean' },
    'no-pull': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  operands: 0,
  async run(ctx, values) {
    const common = { config: str(values, 'config'), quiet: bool(values, 'quiet') };
    const jobs = positiveInt(values, 'jobs', MAX_JOBS);
    const parallel = positiveInt(values, 'parallel', MAX_JOBS);
    const cfg = await loadConfig(ctx, common);
    const pull = !bool(values, 'no-pull') && pullFromEnv(ctx.env.PYDEBUG_PULL);
    const registry = pull ? effectiveRegistry(ctx.env, cfg.projectConfig.registry) : undefined;
    const credentials = registry ? registryCredentials(ctx.env) : undefined;
    const reporter = makeReporter(ctx, common);
    const store = openStore(ctx);
    try {
      const result = await syncProject(
        cfg,
        {
          frozen: bool(values, 'frozen'),
          jobs,
          parallel,
          selection: { variants: strs(values, 'variant'), versions: strs(values, 'python') },
          keepBuildDir: bool(values, 'keep-build'),
          pull,
        },
        {
          store,
          env: ctx.env,
          pullEntry: registry ? await registryPull(store, reporter, ctx.interrupts.signal, registry, credentials) : undefined,
          reporter,
          signal: ctx.interrupts.signal,
          buildsRunning: () => ctx.interrupts.buildsRunning(),
          mirror: effectiveMirror(ctx.env.PYDEBUG_MIRROR, cfg.projectConfig.mirror, { cwd: ctx.cwd, configDir: dirname(cfg.path) }),
        },
      );
      reporter.close();
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
        ctx.stderr.write(`${result.entries.length} entr${result.entries.length === 1 ? 'y' : 'ies'} ready (${readyCounts(result.entries)}) in ${formatDuration(result.seconds)}\n`);
      }
      return EXIT_OK;
    } finally {
      reporter.close();
    }
  },
};

/** "1 built, 2 pulled, 0 already in the store": pulled and restored only when there are some. */
export function readyCounts(entries: Array<{ status: SyncStatus }>): string {
  const count = (s: SyncStatus) => entries.filter((e) => e.status === s).length;
  const parts = [`${count('built')} built`];
  if (count('pulled') > 0) parts.push(`${count('pulled')} pulled`);
  if (count('restored') > 0) parts.push(`${count('restored')} restored`);
  parts.push(`${count('reused')} already in the store`);
  return parts.join(', ');
}

/** sync's pulls from `registry` (the client and the pull code are loaded only when there is one). */
async function registryPull(store: Store, reporter: Reporter, signal: AbortSignal, registry: RegistryLocation, credentials: Credentials | undefined) {
  const [{ RegistryClient }, { pullEntry }] = await Promise.all([import('../../registry/client.js'), import('../../sync/pull.js')]);
  const client = new RegistryClient(registry, { credentials, signal });
  return (planned: PlannedBuild) => pullEntry({ store, reporter, signal, registry: client }, planned);
}
