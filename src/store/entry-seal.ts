/**
 * An entry's seal: one digest of the stat fields (path, mode, size, inode, device, mtime, ctime)
 * of every file and link below it, recorded when its content was last known to match its file
 * list (at install, after a build or a cache restore; after a sync that checked every file).
 * While the digest of what is there now equals the seal, nothing was added, removed, renamed or
 * written since (any write changes a file's ctime), so which, run, list and sync trust the
 * entry for the cost of one stat per file, without reading its file list or the per-file stamps
 * (entry-hashes.ts), which stay the way to name what changed when the seal does not match.
 *
 * A seal is only taken when every file's ctime is safely in the past (see SETTLE_MS): a write in
 * the same clock tick as a recorded ctime would keep it, and go unseen.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { renameInside } from '../files/contained.js';
import { readBounded } from '../files/read-text.js';

/** Bump when what the digest covers changes: an older seal then just does not match. */
const SEAL_VERSION = 2;

/** What one pass over an entry saw: the digest, how many files, and the newest change time. */
export interface StatListing {
  digest: string;
  files: number;
  /** The newest ctime among the files, in ms since the epoch (0 for an empty tree). */
  newestChangeMs: number;
  /** Relative path (with `/`) → stat fields, when asked for (sealing after a sync's check). */
  stats?: Map<string, Stats>;
}

/**
 * One pass over `root`: every name below it, in sorted order, folders walked (never through a
 * link) and everything else lstat'ed. Synchronous calls on purpose: for the 5,000 files of an
 * entry, lstats through the thread pool took five times as long, and readdir's recursive mode
 * stats every name again to find folders.
 */
export function statListing(root: string, options: { keepStats?: boolean } = {}): StatListing {
  // The names as one string (NUL between them: no name holds one; a folder ends in `/`) and the
  // stat fields of each non-folder, in the same order, as doubles: hashed once each. Formatting
  // 30,000 numbers as text cost more than the stats (seal version 1 did).
  const names: string[] = [];
  let fields = new Float64Array(6 * 1024);
  let used = 0;
  const stats = options.keepStats ? new Map<string, Stats>() : undefined;
  let files = 0;
  let newest = 0;
  const walk = (dir: string, prefix: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const rel = prefix + e.name;
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        names.push(`${rel}/`);
        walk(path, `${rel}/`);
        continue;
      }
      const st = lstatSync(path);
      // A folder swapped in after readdir: listed as what it is now, not walked.
      names.push(rel);
      if (used + 6 > fields.length) {
        const grown = new Float64Array(fields.length * 2);
        grown.set(fields);
        fields = grown;
      }
      fields[used++] = st.mode;
      fields[used++] = st.size;
      fields[used++] = st.ino;
      fields[used++] = st.dev;
      fields[used++] = st.mtimeMs;
      fields[used++] = st.ctimeMs;
      stats?.set(rel, st);
      files += 1;
      if (st.ctimeMs > newest) newest = st.ctimeMs;
    }
  };
  walk(root, '');
  const digest = createHash('sha256')
    .update(names.join('\0'))
    .update(new Uint8Array(fields.buffer, 0, used * 8))
    .digest('hex');
  return { digest: `v${SEAL_VERSION}:${digest}`, files, newestChangeMs: newest, ...(stats ? { stats } : {}) };
}

/**
 * How far in the past every ctime must be for a seal: file times come from a coarse clock
 * (a tick of 1-10 ms), so a change in the tick of a recorded ctime would not move it.
 */
export const SETTLE_MS = 30;
/** The longest install waits for its files to settle; a clock further off (a network file system's) gets no seal. */
const SETTLE_WAIT_LIMIT_MS = 2000;

/** A seal is a line of JSON; anything bigger is not one. */
const SEAL_LIMIT = 4096;

/** The recorded digest, or undefined when there is none (or it is not a seal). */
export async function readSeal(file: string): Promise<string | undefined> {
  try {
    const read = await readBounded(file, SEAL_LIMIT);
    if (!('data' in read)) return undefined;
    const parsed = JSON.parse(read.data.toString('utf8')) as { digest?: unknown };
    return typeof parsed.digest === 'string' ? parsed.digest : undefined;
  } catch {
    return undefined;
  }
}

/** True when `root` is as it was sealed in `file`. */
export async function sealMatches(root: string, file: string): Promise<boolean> {
  const sealed = await readSeal(file);
  if (sealed === undefined) return false;
  try {
    return statListing(root).digest === sealed;
  } catch {
    return false;
  }
}

/** Records `listing` as the seal in `file` (new, then renamed into place). Best effort: a seal is a cache. */
export async function writeSeal(file: string, listing: StatListing): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, `${JSON.stringify({ digest: listing.digest, files: listing.files })}\n`, { flag: 'wx' });
    await renameInside(dir, temp, file, 'an entry seal');
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The listing of a tree pydebug has just verified and nobody else writes to yet (an install),
 * taken once every ctime is SETTLE_MS in the past; undefined when the tree changed meanwhile or
 * the clock is too far off. `accept` checks the first pass (e.g. against the file list).
 */
export async function settledListing(root: string, accept: (listing: StatListing) => boolean = () => true): Promise<StatListing | undefined> {
  const first = statListing(root, { keepStats: true });
  if (!accept(first)) return undefined;
  const wait = first.newestChangeMs + SETTLE_MS - Date.now();
  if (wait > SETTLE_WAIT_LIMIT_MS) return undefined;
  // A timer may fire up to a millisecond early against Date.now(), and a ctime is finer than it.
  if (wait > 0) await sleep(Math.ceil(wait) + 1);
  const second = statListing(root);
  return second.digest === first.digest ? first : undefined;
}
