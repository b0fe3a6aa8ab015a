/**
 * Bringing pydebug.lock in line with pydebug.yml: check it (lock --check, sync --frozen) or
 * update it (lock, sync), downloading only sources that are new or changed.
 */
import { findVariant, isGitSpec, type MatrixEntry, type ProjectConfig, sourceKey } from '../config/project.js';
import { versionIssues } from '../config/rules.js';
import { PydebugError, UsageError } from '../errors.js';
import type { ConfigFile } from '../files/config-file.js';
import { type LockFileState, lockPathFor, readLockFile, writeLockFile } from '../files/lock-file.js';
import { type ArtifactPins, assembleLock, lockedSourceFor, recordedPins } from '../lock/resolve.js';
import { contentReasons, describeReason, entryReasons, invalidFields, lockOfEntries, lockReasons, type StaleReason, sourceReasons, staleReasons } from '../lock/stale.js';
import { isGitSource, type Lock, type LockedSource } from '../lock/types.js';
import { applySelection, type Selection } from '../plan/sync-plan.js';
import type { SourceContext } from '../source/provide.js';

function lockCondition(reasons: StaleReason[]): string {
  if (reasons.some((r) => r.subject === 'lock' && /no lock/.test(r.reason))) return 'is missing';
  if (reasons.every((r) => r.edited)) return 'was edited by hand and is not what pydebug.yml gives';
  return 'is out of date with pydebug.yml';
}

/** "pydebug.lock is out of date with pydebug.yml:" and a line per reason. */
function staleLockMessage(reasons: StaleReason[], lockDisplay: string): string {
  return `${lockDisplay} ${lockCondition(reasons)}:\n` + reasons.map((r) => `  - ${describeReason(r)}`).join('\n');
}

/**
 * What list, which, inspect and matrix print on stderr when they show a stale lock: the same
 * reasons as the error of the commands that refuse it, and the fix.
 */
export function staleLockWarning(reasons: StaleReason[], lockDisplay: string): string {
  return `warning: ${staleLockMessage(reasons, lockDisplay)}\nhint: shown as the lock pins it and the store holds it; run \`pydebug lock\` to bring the lock in line with pydebug.yml, then \`pydebug sync\` to build what changed\n`;
}

export class StaleLockError extends PydebugError {
  constructor(
    readonly reasons: StaleReason[],
    lockDisplay: string,
    frozen: boolean,
  ) {
    super(staleLockMessage(reasons, lockDisplay), {
      hint: frozen ? '--frozen refuses to build from a stale or missing lock: run `pydebug lock` and commit pydebug.lock' : 'run `pydebug lock` and commit pydebug.lock',
    });
  }
}

export interface LockState {
  lock: Lock;
  path: string;
  /**
   * Why the lock was (or would have to be) rewritten; empty when it was up to date. A lock that
   * is current but in an earlier pydebug's format passes a check with an earlierFormat reason.
   */
  reasons: StaleReason[];
  written: boolean;
  /** The git sources `lock --upgrade` resolved again, with their commit before and after. */
  upgrades?: Upgrade[];
}

export interface Upgrade {
  name: string;
  from: { commit: string; version: string } | undefined;
  to: { commit: string; version: string };
}

/**
 * `pydebug lock --upgrade [name]`: the git sources whose ref is resolved again though pydebug.yml
 * did not change (all of them without a name). Releases are pinned by their checksums.
 */
function upgradeNames(projectConfig: ProjectConfig, names: string[] | undefined): Set<string> {
  const git = projectConfig.sources.filter(isGitSpec).map((s) => s.name);
  if (names === undefined) return new Set();
  for (const name of names) {
    if (git.includes(name)) continue;
    const release = projectConfig.sources.some((s) => sourceKey(s) === name);
    throw new UsageError(release ? `${name} is a release: its checksum pins it, there is nothing to upgrade` : `no git source named "${name}" in pydebug.yml`, {
      hint: release
        ? `change its version: in pydebug.yml to move to another release`
        : git.length > 0
          ? `git sources: ${git.join(', ')}`
          : 'lock --upgrade re-resolves git sources (python: - git: ..., ref: ...)',
    });
  }
  return new Set(names.length > 0 ? names : git);
}

/**
 * The rules that depend on the CPython version (free threading needs 3.13, ...), for the git
 * sources whose version the lock has just read from their trees.
 */
function checkGitVersions(cfg: ConfigFile, sources: Record<string, LockedSource>): void {
  const problems = cfg.projectConfig.matrix.flatMap((entry) => {
    const source = sources[entry.version];
    return source && isGitSource(source) ? versionIssues(entry, source.version, findVariant(cfg.projectConfig, entry.variant)) : [];
  });
  if (problems.length === 0) return;
  throw new PydebugError(`${cfg.display}: ${problems.map((p) => p.message).join('\n  ')}`, { hint: [...new Set(problems.map((p) => p.hint).filter(Boolean))].join('\n') });
}

/** The lock's builds in pydebug.yml's order (declaration order decides "the first interpreter"). */
function inMatrixOrder(projectConfig: ProjectConfig, lock: Lock): Lock {
  const builds: Lock['builds'] = {};
  for (const e of projectConfig.matrix) if (lock.builds[e.id]) builds[e.id] = lock.builds[e.id]!;
  return { ...lock, builds };
}

export async function checkLock(cfg: ConfigFile, frozen: boolean): Promise<LockState> {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) return { lock: inMatrixOrder(cfg.projectConfig, trusted.lock), path, reasons: [], written: false };
  const file = await readLockFile(path, display);
  const reasons =
    file.status === 'missing'
      ? staleReasons(cfg.projectConfig, undefined)
      : file.status === 'invalid'
        ? [{ subject: 'lock', reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }]
        : lockReasons(cfg.projectConfig, file.lock, file.text);
  const stale = reasons.filter((r) => !r.earlierFormat);
  if (stale.length > 0 || file.status !== 'ok') throw new StaleLockError(stale, display, frozen);
  if (reasons.length === 0) await cfg.verdicts?.remember(cfg.projectConfig, file.text, file.lock);
  return { lock: inMatrixOrder(cfg.projectConfig, file.lock), path, reasons, written: false };
}

/**
 * For commands that only read (which, run, list, inspect): the lock reduced to the selected
 * entries of pydebug.yml's matrix, each checked to be what `pydebug lock` writes for it. Other
 * entries may be stale (a variant added and not locked yet does not stop `which debug`); an
 * invalid field anywhere refuses the lock. `lock --check` and `sync --frozen` use checkLock.
 */
export async function readLockFor(cfg: ConfigFile, selection: Selection): Promise<LockState> {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) {
    // The whole lock was current: so is every entry of any selection.
    const ids = applySelection(cfg.projectConfig.matrix, selection, 'the matrix').map((e) => e.id);
    return { lock: lockOfEntries(trusted.lock, ids), path, reasons: [], written: false };
  }
  const file = await readLockFile(path, display);
  if (file.status === 'invalid') {
    throw new StaleLockError([{ subject: 'lock', reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }], display, false);
  }
  const ids = applySelection(cfg.projectConfig.matrix, selection, 'the matrix').map((e) => e.id);
  const lock = file.status === 'ok' ? file.lock : undefined;
  const reasons = entryReasons(cfg.projectConfig, lock, ids);
  if (reasons.length > 0 || !lock) throw new StaleLockError(reasons, display, false);
  await rememberIfCurrent(cfg, file);
  return { lock: lockOfEntries(lock, ids), path, reasons: [], written: false };
}

/**
 * Records a verdict (files/lock-verdict.ts) when the whole lock is exactly what `pydebug lock` writes
 * for pydebug.yml: a lock only partly current, or in an earlier key order, is checked every time.
 */
async function rememberIfCurrent(cfg: ConfigFile, file: LockFileState): Promise<void> {
  if (cfg.verdicts && file.status === 'ok' && lockReasons(cfg.projectConfig, file.lock, file.text).length === 0) await cfg.verdicts.remember(cfg.projectConfig, file.text, file.lock);
}

export interface ShownLock extends LockState {
  /** Entries of the selection that pydebug.yml has and the lock does not (a variant just added). */
  notLocked: MatrixEntry[];
}

/**
 * For commands that only show (list, which, inspect): the lock as written, reduced to the
 * selected entries of pydebug.yml's matrix that it has, however stale; `reasons` says how the
 * whole lock differs from pydebug.yml (its records are still what is pinned, and what the store
 * entries were built from). A missing lock, one that cannot be parsed, or one with an invalid
 * field is refused, as by every command.
 */
export async function readLockAsWritten(cfg: ConfigFile, selection: Selection): Promise<ShownLock> {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) {
    const selected = applySelection(cfg.projectConfig.matrix, selection, 'the matrix');
    const locked = selected.filter((e) => trusted.lock.builds[e.id] !== undefined).map((e) => e.id);
    return { lock: lockOfEntries(trusted.lock, locked), path, reasons: [], written: false, notLocked: selected.filter((e) => trusted.lock.builds[e.id] === undefined) };
  }
  const file = await readLockFile(path, display);
  if (file.status === 'invalid') {
    throw new StaleLockError([{ subject: 'lock', reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }], display, false);
  }
  if (file.status === 'missing') throw new StaleLockError(staleReasons(cfg.projectConfig, undefined), display, false);
  const invalid = invalidFields(file.lock);
  if (invalid.length > 0) throw new StaleLockError(invalid, display, false);
  const selected = applySelection(cfg.projectConfig.matrix, selection, 'the matrix');
  const locked = selected.filter((e) => file.lock.builds[e.id] !== undefined).map((e) => e.id);
  const reasons = contentReasons(cfg.projectConfig, file.lock);
  if (reasons.length === 0) await rememberIfCurrent(cfg, file);
  return {
    lock: lockOfEntries(file.lock, locked),
    path,
    reasons,
    written: false,
    notLocked: selected.filter((e) => file.lock.builds[e.id] === undefined),
  };
}

/**
 * Rewrites the lock from pydebug.yml. Of the old lock only the source facts are kept (SHA-256,
 * MD5, size), and only for well-formed sources that still match their declaration; every other
 * source is downloaded again, and every other field is recomputed.
 */
export interface LockUpdateOptions {
  upgrade?: string[] | undefined;
  /**
   * Looks up the registry artifacts of the lock's builds (the edge: `pydebug lock` with a registry
   * configured, sync/artifact-pins.ts); its answer replaces the recorded pins. Without it the
   * lock keeps the pins it records, for the builds whose key did not change.
   */
  findPins?: ((lock: Lock) => Promise<ArtifactPins | undefined>) | undefined;
}

export async function updateLock(cfg: ConfigFile, ctx: SourceContext, options: LockUpdateOptions = {}): Promise<LockState> {
  // The downloader and git, loaded only by what may need them (which and run read the lock only).
  const [{ resolveGitSource }, { lockSource }] = await Promise.all([import('../source/git.js'), import('../source/provide.js')]);
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const file = await readLockFile(path, display);
  const reasons =
    file.status === 'missing'
      ? staleReasons(cfg.projectConfig, undefined)
      : file.status === 'invalid'
        ? [{ subject: 'lock', reason: `${display} could not be read (${file.reason}) and was rewritten`, needsDownload: true }]
        : lockReasons(cfg.projectConfig, file.lock, file.text);

  const upgrading = upgradeNames(cfg.projectConfig, options.upgrade);
  const recorded = file.status === 'missing' ? {} : (await import('../lock/format.js')).recordedSources(file.text);
  const sources: Record<string, LockedSource> = {};
  const upgrades: Upgrade[] = [];
  for (const s of cfg.projectConfig.sources) {
    const key = sourceKey(s);
    const old = recorded[key];
    if (old && sourceReasons(s, old).length === 0 && !upgrading.has(key)) {
      sources[key] = lockedSourceFor(s, old);
    } else if (isGitSpec(s)) {
      const pinned = await resolveGitSource(ctx, s);
      sources[key] = pinned;
      if (upgrading.has(key))
        upgrades.push({ name: key, from: old && isGitSource(old) ? { commit: old.commit, version: old.version } : undefined, to: { commit: pinned.commit, version: pinned.version } });
    } else {
      sources[key] = await lockSource(ctx, s, cfg.display);
    }
  }
  checkGitVersions(cfg, sources);
  const unpinned = assembleLock(cfg.projectConfig, sources);
  // undefined from findPins: the registry could not be asked (it warned), so the recorded pins stay.
  const found = options.findPins ? await options.findPins(unpinned) : undefined;
  const pins = found ?? (file.status === 'ok' ? recordedPins(file.lock) : {});
  const lock = assembleLock(cfg.projectConfig, sources, pins);
  const written = await writeLockFile(path, lock, display);
  if (!written && reasons.length === 0 && file.status === 'ok') await cfg.verdicts?.remember(cfg.projectConfig, file.text, file.lock);
  return { lock, path, reasons: written ? reasons : [], written, upgrades };
}
