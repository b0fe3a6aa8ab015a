/**
 * Bringing pydebug.lock in line with pydebug.yml: check it (lock --check, sync --frozen) or
 * update it (lock, sync), downloading only sources that are new or changed.
 */
import type { Project } from '../config/project.js';
import { PydebugError } from '../errors.js';
import type { ConfigFile } from '../files/config-file.js';
import { lockPathFor, readLockFile, writeLockFile } from '../files/lock-file.js';
import { assembleLock } from '../lock/resolve.js';
import { sourceStaleReasons, staleReasons, type StaleReason } from '../lock/stale.js';
import type { Lock, LockedSource } from '../lock/types.js';
import { lockSource, type SourceContext } from '../source/provide.js';

export class StaleLockError extends PydebugError {
  constructor(readonly reasons: StaleReason[], lockDisplay: string, frozen: boolean) {
    super(
      `${lockDisplay} ${reasons.some((r) => r.subject === 'lock' && /no lock/.test(r.reason)) ? 'is missing' : 'is out of date with pydebug.yml'}:\n` +
        reasons.map((r) => `  - ${r.reason}`).join('\n'),
      {
        hint: frozen
          ? '--frozen refuses to build from a stale or missing lock: run `pydebug lock` and commit pydebug.lock'
          : 'run `pydebug lock` and commit pydebug.lock',
      },
    );
  }
}

export interface LockState {
  lock: Lock;
  path: string;
  /** Why the lock was (or would have to be) rewritten; empty when it was up to date. */
  reasons: StaleReason[];
  written: boolean;
}

/** The lock's builds in pydebug.yml's order (declaration order decides "the first interpreter"). */
function inMatrixOrder(project: Project, lock: Lock): Lock {
  const builds: Lock['builds'] = {};
  for (const e of project.matrix) if (lock.builds[e.id]) builds[e.id] = lock.builds[e.id]!;
  return { ...lock, builds };
}

export async function checkLock(cfg: ConfigFile, frozen: boolean): Promise<LockState> {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const file = await readLockFile(path);
  const reasons =
    file.status === 'missing'
      ? staleReasons(cfg.project, undefined)
      : file.status === 'invalid'
        ? [{ subject: 'lock', reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }]
        : staleReasons(cfg.project, file.lock);
  if (reasons.length > 0 || file.status !== 'ok') throw new StaleLockError(reasons, display, frozen);
  return { lock: inMatrixOrder(cfg.project, file.lock), path, reasons: [], written: false };
}

export async function updateLock(cfg: ConfigFile, ctx: SourceContext): Promise<LockState> {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const file = await readLockFile(path);
  const previous = file.status === 'ok' ? file.lock : undefined;
  const reasons =
    file.status === 'invalid'
      ? [{ subject: 'lock', reason: `${display} could not be read (${file.reason}) and was rewritten`, needsDownload: true }]
      : staleReasons(cfg.project, previous);

  const staleSources = new Set(sourceStaleReasons(cfg.project, previous).map((r) => r.subject));
  const sources: Record<string, LockedSource> = {};
  for (const s of cfg.project.sources) {
    const old = previous?.sources[s.version];
    sources[s.version] = old && !staleSources.has(s.version) ? old : await lockSource(ctx, s, cfg.display);
  }
  const lock = assembleLock(cfg.project, sources);
  const written = await writeLockFile(path, lock, file.status === 'missing' ? undefined : file.text);
  return { lock, path, reasons: written ? reasons : [], written };
}
