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
