/** Pieces several commands share: project + lock + store state (the entry JSON is store/entry-json.ts). */
import { dirname } from 'node:path';
import { closest } from '../../config/suggest.js';
import { ensureProjectEnv, type ProjectEnv } from '../../env/project-env.js';
import { formatDuration } from '../../ui/reporter.js';
import { PydebugError, UsageError } from '../../errors.js';
import type { ConfigFile } from '../../files/config-file.js';
import type { PlannedBuild, Selection } from '../../plan/sync-plan.js';
import { changedEntryWarning } from '../../store/changed-entry.js';
import { registerProject } from '../../store/projects.js';
import type { EntryState, Store } from '../../store/store.js';
import { readLockFor, type LockState } from '../../sync/lock-update.js';
import { planFor } from '../../sync/store-plan.js';
import { loadConfig, openStore, type CliContext, type CommonOptions } from '../context.js';

export interface ProjectView {
  cfg: ConfigFile;
  lock: LockState;
  store: Store;
  entries: Array<{ planned: PlannedBuild; state: EntryState }>;
}

/**
 * The project, the store state of the selected entries and the lock reduced to them: each must
 * be current (other entries may be stale: see readLockFor).
 */
export async function viewProject(ctx: CliContext, opts: CommonOptions, selection: Selection = {}): Promise<ProjectView> {
  const cfg = await loadConfig(ctx, opts);
  const lock = await readLockFor(cfg, selection);
  const store = openStore(ctx);
  const { plan, states } = await planFor(lock, {}, ctx.env, store);
  return { cfg, lock, store, entries: plan.selected.map((planned) => ({ planned, state: states.get(planned.entryKey)! })) };
}

/** What which, run and inspect select: one variant, of one version when given. */
export function entrySelection(variant: string, version: string | undefined): Selection {
  return { variants: [variant], versions: version === undefined ? undefined : [version] };
}

/** Exactly one entry for a variant (and version, when the project has several). */
export function pickEntry(view: ProjectView, variant: string, version: string | undefined): { planned: PlannedBuild; state: EntryState } {
  const variants = [...new Set(view.entries.map((e) => e.planned.build.variant))];
  if (!variants.includes(variant)) {
    const guess = closest(variant, variants);
    throw new UsageError(`no variant "${variant}" in ${view.cfg.display}`, { hint: guess ? `did you mean "${guess}"?` : `variants: ${variants.join(', ')}` });
  }
  const matches = view.entries.filter((e) => e.planned.build.variant === variant && (version === undefined || e.planned.build.version === version));
  if (matches.length === 0) {
    const versions = view.entries.filter((e) => e.planned.build.variant === variant).map((e) => e.planned.build.version);
    throw new UsageError(`variant "${variant}" is not built for ${version}`, { hint: `versions of ${variant}: ${versions.join(', ')}` });
  }
  if (matches.length > 1) {
    throw new UsageError(`variant "${variant}" exists for several versions: ${matches.map((m) => m.planned.build.version).join(', ')}`, {
      hint: `pick one with --python ${matches[0]!.planned.build.version}`,
    });
  }
  return matches[0]!;
}

/** A warning on stderr when a built entry was changed since it was built (Store.readEntry's stat pass). */
export function warnIfChanged(ctx: CliContext, entry: { planned: PlannedBuild; state: EntryState }): void {
  const { planned, state } = entry;
  if (state.status === 'ok' && state.changed && state.changed.length > 0) ctx.stderr.write(`warning: ${changedEntryWarning(planned.id, planned.build.variant, state.changed)}\n`);
}

export function requireBuilt(entry: { planned: PlannedBuild; state: EntryState }): EntryState & { status: 'ok' } {
  const { planned, state } = entry;
  if (state.status === 'ok') return state;
  const why = state.status === 'damaged' ? `its store entry is damaged (${state.reason})` : 'it is not built yet';
  throw new PydebugError(`${planned.id}: ${why}`, { hint: `run \`pydebug sync --variant ${planned.build.variant} --python ${planned.build.version}\`` });
}

/** The project environment of an entry, made on first use (a note on stderr when it is). */
export async function projectEnvFor(ctx: CliContext, view: ProjectView, planned: PlannedBuild, state: EntryState & { status: 'ok' }): Promise<ProjectEnv> {
  // Using an entry registers the project, so that another project's clean keeps it (store/projects.ts).
  const known = view.entries.filter((e) => e.state.status === 'ok').map((e) => e.planned.entryKey);
  await registerProject(view.store, view.lock.path, { known }, (m) => ctx.stderr.write(`warning: ${m}\n`));
  const t0 = Date.now();
  const made = await ensureProjectEnv(
    dirname(view.cfg.path),
    { id: planned.id, entryKey: planned.entryKey, python: state.python, env: planned.build.env },
    {
      signal: ctx.signal,
      onCreate: (dir, tampered) =>
        ctx.stderr.write(tampered ? `${planned.id}: its environment ${dir} is not the entry's (${tampered}): making it again\n` : `${planned.id}: making its environment ${dir}\n`),
    },
  );
  if (made.created) ctx.stderr.write(`${planned.id}: environment ready in ${formatDuration((Date.now() - t0) / 1000)}\n`);
  return made;
}
