/**
 * The stamp that says pydebug made a source tree, and from what: a tarball's SHA-256 or a git
 * commit. The extraction writes it into the tree last, before the one rename that puts the tree in
 * sources/, so a tree is in place with its stamp or not at all. A tree without it (planted by a
 * cache archive, left by another program, a symbolic link in its place) is never configured or
 * built: it is removed and made again.
 */
import { lstat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextFile } from '../files/read-text.js';
import { withMutex } from '../store/mutex.js';
import type { Store } from '../store/store.js';

export const SOURCE_STAMP_FILE = '.pydebug-source';

export type SourceOrigin = { sha256: string } | { commit: string };

/** In the tree's top, or in a checkout's .git/ so that git sees no untracked file (CPython's build asks git). */
function stampPath(tree: string, origin: SourceOrigin): string {
  return 'commit' in origin ? join(tree, '.git', SOURCE_STAMP_FILE) : join(tree, SOURCE_STAMP_FILE);
}

function stampText(origin: SourceOrigin): string {
  return `${JSON.stringify({ what: 'pydebug source tree', ...origin })}\n`;
}

/** Writes the stamp into a tree that is not in place yet (created new: never through a link). */
export async function writeSourceStamp(tree: string, origin: SourceOrigin): Promise<void> {
  await writeFile(stampPath(tree, origin), stampText(origin), { flag: 'wx' });
}

/**
 * Whether `tree` is a source tree pydebug made from `origin`: a real directory (not a link),
 * holding a regular `configure` and a regular stamp naming that origin.
 */
export async function isStampedSourceTree(tree: string, origin: SourceOrigin): Promise<boolean> {
  const stampDir = 'commit' in origin ? join(tree, '.git') : tree;
  const [dir, configure, inDir, stamp] = await Promise.all([tree, join(tree, 'configure'), stampDir, stampPath(tree, origin)].map((p) => lstat(p).catch(() => undefined)));
  if (!dir?.isDirectory() || !configure?.isFile() || !inDir?.isDirectory() || !stamp?.isFile() || stamp.size > 4096) return false;
  const text = await readTextFile(stampPath(tree, origin), 4096).catch(() => undefined);
  return text === stampText(origin);
}

/** What provideStampedTree needs of the run: the store the tree goes in, where a wait is said, how to stop. */
export interface TreeContext {
  store: Store;
  reporter: { info(message: string): void };
  signal?: AbortSignal | undefined;
}

/** The mutex that makes one tree at a time: its name in locks/, and what the owner and a waiter say. */
export interface TreeMutex {
  name: string;
  purpose: string;
  /** "<label>: waiting for another pydebug (pid N) <waitingFor>". */
  label: string;
  waitingFor: string;
}

/**
 * `tree` once it is stamped as made from `origin`: as it is when it already is, otherwise made by
 * `make` under the mutex, so that concurrent syncs make it once. The stamp is looked at again
 * with the mutex held: the pydebug that held it before may have made the tree meanwhile.
 */
export async function provideStampedTree(ctx: TreeContext, tree: string, origin: SourceOrigin, mutex: TreeMutex, make: () => Promise<void>): Promise<string> {
  if (await isStampedSourceTree(tree, origin)) return tree;
  await ctx.store.ensureLayout();
  return withMutex(
    ctx.store.mutexPath(mutex.name),
    {
      purpose: mutex.purpose,
      signal: ctx.signal,
      onWait: (o) => ctx.reporter.info(`${mutex.label}: waiting for another pydebug (pid ${o?.pid ?? '?'}) ${mutex.waitingFor}`),
    },
    async () => {
      if (!(await isStampedSourceTree(tree, origin))) await make();
      return tree;
    },
  );
}
