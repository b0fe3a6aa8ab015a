/** Pieces several commands share: project + lock + store state (the entry JSON is store/entry-json.ts). */

import { dirname } from 'node:path';
import type { MatrixEntry } from '../../config/project.js';
import { closest } from '../../config/suggest.js';
import { ensureProjectEnv, type ProjectEnv } from '../../env/project-env.js';
import { InterruptedError, PydebugError, UsageError } from '../../errors.js';
import type { ConfigFile } from '../../files/config-file.js';
import { lockPathFor } from '../../files/lock-file.js';
import { describeReason, reasonsOfEntry, type StaleReason } from '../../lock/stale.js';
import { type LockState, readLockAsWritten, readLockFor, staleLockWarning } from '../../lockfile/lock-update.js';
import type { PlannedBuild, Selection } from '../../plan/sync-plan.js';
import { formatDuration } from '../../progress.js';
import { changedEntryWarning } from '../../store/changed-entry.js';
import type { LockStanding } from '../../store/entry-json.js';
import { registerProject } from '../../store/projects.js';
import type { EntryReadOptions, EntryState, Store } from '../../store/store.js';
import { planFor } from '../../sync/store-plan.js';
import { type CliContext, type CommonOptions, loadConfig, openStore } from '../context.js';

export interface ProjectView {
  cfg: ConfigFile;
  lock: LockState;
  store: Store;
  entries: Array<{ planned: PlannedBuild; state: EntryState }>;
  /** Selected entries of pydebug.yml that the lock does not have yet (only when showing: see viewProject). */
  notLocked: MatrixEntry[];
  /** The lock file as shown to a person. */
  lockDisplay: string;
}

/**
 * The project, the store state of the selected entries and the lock reduced to them.
 * `use` (run, which --env, clean: they act on the entries): each selected entry must be current
 * in the lock (other entries may be stale: see readLockFor). `show` (list, which, inspect): the
 * lock as written, however stale (view.lock.reasons says why; warnIfStale prints it), and the
 * entries it does not have yet in view.notLocked. `read` is how much of each entry to check
 * (Store.readEntry).
 */
export async function viewProject(ctx: CliContext, opts: CommonOptions, selection: Selection = {}, mode: 'use' | 'show' = 'use', read: EntryReadOptions = {}): Promise<ProjectView> {
  const cfg = await loadConfig(ctx, opts);
  const shown = mode === 'show' ? await readLockAsWritten(cfg, selection) : undefined;
  const lock = shown ?? (await readLockFor(cfg, selection));
  const store = openStore(ctx);
  // Every selected entry may be one the lock does not have yet: then there is nothing to plan.
  const { plan, states } = Object.keys(lock.lock.builds).length > 0 ? await planFor(lock, {}, ctx.env, store, read) : { plan: { selected: [] }, states: new Map<string, EntryState>() };
  return {
    cfg,
    lock,
    store,
    entries: plan.selected.map((planned) => ({ planned, state: states.get(planned.entryKey)! })),
    notLocked: shown?.notLocked ?? [],
    lockDisplay: lockPathFor(cfg.display),
  };
}

/** One warning on stderr when the lock shown is stale: why, and the fix. */
export function warnIfStale(ctx: CliContext, view: ProjectView): void {
  if (view.lock.reasons.length > 0) ctx.stderr.write(staleLockWarning(view.lock.reasons, view.lockDisplay));
}

/** Whether an entry's record in the lock shown (or its source's) is out of date with pydebug.yml, and why (EntryJson's lock_stale, lock_reasons). */
export function lockStanding(view: ProjectView, entry: { id: string; version: string }): LockStanding {
  const own: StaleReason[] = reasonsOfEntry(view.lock.reasons, entry);
  return { lock_stale: own.length > 0, lock_reasons: own.map(describeReason) };
}

/** What which, run and inspect select: one variant, of one version when given. */
export function entrySelection(variant: string, version: string | undefined): Selection {
  return { variants: [variant], versions: version === undefined ? undefined : [version] };
}

/**
 * Exactly one entry for a variant (and version, when the project has several). A variant of
 * pydebug.yml that the lock does not have yet (view.notLocked) is named, with the fix.
 */
export function pickEntry(view: ProjectView, variant: string, version: string | undefined): { planned: PlannedBuild; state: EntryState } {
  const candidates = [
    ...view.entries.map((e) => ({ id: e.planned.id, version: e.planned.build.source, variant: e.planned.build.variant, entry: e })),
    ...view.notLocked.map((m) => ({ version: m.version, variant: m.variant, entry: undefined, id: m.id })),
  ];
  const variants = [...new Set(candidates.map((c) => c.variant))];
  if (!variants.includes(variant)) {
    const guess = closest(variant, variants);
    throw new UsageError(`no variant "${variant}" in ${view.cfg.display}`, { hint: guess ? `did you mean "${guess}"?` : `variants: ${variants.join(', ')}` });
  }
  const matches = candidates.filter((c) => c.variant === variant && (version === undefined || c.version === version));
  if (matches.length === 0) {
    const versions = candidates.filter((c) => c.variant === variant).map((c) => c.version);
    throw new UsageError(`variant "${variant}" is not built for ${version}`, { hint: `versions of ${variant}: ${versions.join(', ')}` });
  }
  if (matches.length > 1) {
    throw new UsageError(`variant "${variant}" exists for several versions: ${matches.map((m) => m.version).join(', ')}`, {
      hint: `pick one with --python ${matches[0]!.version}`,
    });
  }
  const [match] = matches as [(typeof matches)[number]];
  if (match.entry === undefined) {
    throw new PydebugError(`${match.id} is in ${view.cfg.display} but not in ${view.lockDisplay} yet`, {
      hint: `run \`pydebug lock\`, then \`pydebug sync --variant ${match.variant} --python ${match.version}\` to build it`,
    });
  }
  return match.entry;
}

/** A warning on stderr when a built entry was changed since it was built (Store.readEntry's stat pass). */
export function warnIfChanged(ctx: CliContext, entry: { planned: PlannedBuild; state: EntryState }): void {
  const { planned, state } = entry;
  if (state.status === 'ok' && state.changed && state.changed.length > 0) ctx.stderr.write(`warning: ${changedEntryWarning(planned.id, planned.build.variant, state.changed)}\n`);
}

/** warnIfChanged for an entry read with coreOnly: the stat pass is made now. */
export async function warnIfChangedNow(ctx: CliContext, store: Store, entry: { planned: PlannedBuild; state: EntryState & { status: 'ok' } }): Promise<void> {
  const changed = entry.state.changed ?? (await store.changedFiles(entry.planned.entryKey, entry.state.manifest));
  warnIfChanged(ctx, { planned: entry.planned, state: { ...entry.state, changed } });
}

export function requireBuilt(entry: { planned: PlannedBuild; state: EntryState }): EntryState & { status: 'ok' } {
  const { planned, state } = entry;
  if (state.status === 'ok') return state;
  const why = state.status === 'damaged' ? `its store entry is damaged (${state.reason})` : 'it is not built yet';
  throw new PydebugError(`${planned.id}: ${why}`, { hint: `run \`pydebug sync --variant ${planned.build.variant} --python ${planned.build.source}\`` });
}

/** The project environment of an entry, made on first use (a note on stderr when it is). */
export async function projectEnvFor(ctx: CliContext, view: ProjectView, planned: PlannedBuild, state: EntryState & { status: 'ok' }): Promise<ProjectEnv> {
  // Using an entry registers the project, so that another project's clean keeps it (store/projects.ts).
  const known = view.entries.filter((e) => e.state.status === 'ok').map((e) => e.planned.entryKey);
  // Beside the environment's check (both mostly wait on the disk); a failure is only a warning.
  const registered = registerProject(view.store, view.lock.path, { known }, (m) => ctx.stderr.write(`warning: ${m}\n`));
  registered.catch(() => undefined); // heard below, unless the environment fails first
  const t0 = Date.now();
  const made = await ensureProjectEnv(
    dirname(view.cfg.path),
    { id: planned.id, entryKey: planned.entryKey, python: state.python, env: planned.build.env },
    {
      signal: ctx.interrupts.signal,
      onCreate: (dir, tampered) =>
        ctx.stderr.write(tampered ? `${planned.id}: its environment ${dir} is not the entry's (${tampered}): making it again\n` : `${planned.id}: making its environment ${dir}\n`),
    },
  ).catch((e: unknown) => {
    if (e instanceof InterruptedError) throw new InterruptedError(`${planned.id}: interrupted while making its environment; nothing half-made was kept`);
    throw e;
  });
  await registered;
  if (made.created) ctx.stderr.write(`${planned.id}: environment ready in ${formatDuration((Date.now() - t0) / 1000)}\n`);
  return made;
}

/**
 * "3 entries of an older pydebug in <root>/store (…)", or undefined when there are none: what
 * `clean` in a project leaves, and `list` mentions, of a store an older pydebug shares.
 */
export async function olderEntriesLine(store: Store): Promise<string | undefined> {
  const n = (await store.olderEntries()).length;
  if (n === 0) return undefined;
  return `${n === 1 ? '1 entry' : `${n} entries`} of an older pydebug in ${store.olderEntriesDir} (this pydebug neither uses nor removes ${n === 1 ? 'it' : 'them'}; \`pydebug clean --all\` removes ${n === 1 ? 'it' : 'them'} with the whole store)`;
}
