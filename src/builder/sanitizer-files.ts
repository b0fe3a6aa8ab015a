/**
 * CPython's sanitizer suppression files (Tools/tsan/suppressions*.txt, Tools/ubsan/suppressions.txt):
 * found in the source tree for the build's own runs, then copied into the entry, where `pydebug run`
 * and the Action point TSAN_OPTIONS/UBSAN_OPTIONS at them.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sanitizerRuntimes } from '../config/cpython.js';
import { existsNoFollow } from '../files/exists.js';
import { ENTRY_META_DIR } from '../store/manifest.js';

export interface SuppressionFile {
  /** The options variable it belongs to (TSAN_OPTIONS). */
  variable: string;
  /** Absolute path in the source tree. */
  source: string;
  /** Path inside the entry, relative to its prefix. */
  entryPath: string;
}

/** The suppression files the tree has for `sanitizers` (a regular file each; others are skipped). */
export async function findSuppressionFiles(sourceTree: string, sanitizers: readonly string[], freethreading: boolean): Promise<SuppressionFile[]> {
  const found: SuppressionFile[] = [];
  for (const r of sanitizerRuntimes(sanitizers)) {
    if (!r.suppressions) continue;
    const relative = r.suppressions(freethreading);
    const source = join(sourceTree, relative);
    // lstat: a symlink in a tarball's tree is not followed out of it.
    if (!(await existsNoFollow(source, 'file'))) continue;
    const name = `${r.variable.replace('_OPTIONS', '').toLowerCase()}-${relative.split('/').pop()}`;
    found.push({ variable: r.variable, source, entryPath: join(ENTRY_META_DIR, name) });
  }
  return found;
}

/** `{TSAN_OPTIONS: <absolute path in the tree>}`, for the build's environment. */
export function suppressionsInTree(files: readonly SuppressionFile[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f.variable, f.source]));
}

/** Copies the files into the staged entry; returns the manifest's `{variable: path in the entry}`. */
export async function copySuppressionFiles(stagedPrefix: string, files: readonly SuppressionFile[]): Promise<Record<string, string> | undefined> {
  if (files.length === 0) return undefined;
  for (const f of files) await copyFile(f.source, join(stagedPrefix, f.entryPath));
  return Object.fromEntries(files.map((f) => [f.variable, f.entryPath]));
}
