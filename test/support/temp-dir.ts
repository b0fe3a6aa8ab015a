/**
 * Temporary directories for tests, each removed when what made it is done, so no test file
 * repeats the mkdtemp and the rm:
 * - tempDir (in beforeEach or a test): removed after that test;
 * - fileTempDir (in beforeAll): removed after the file's last test;
 * - tempStore: a tempDir and a Store at its home/ (not created: the code under test makes it).
 *
 * The removals are hooks registered when a test file imports this module, before any of its own:
 * vitest runs after-hooks as a stack, so a file's afterEach and afterAll (releasing FIFOs and
 * mutexes, stopping processes, seteuid back to root) run first. Folders left without write bits
 * (store entries are read-only) are made writable again, so the removal works for any user.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { makeFoldersWritable } from '../../src/store/read-only.js';
import { Store } from '../../src/store/store.js';

const removedAfterTest: string[] = [];
const removedAfterFile: string[] = [];

afterEach(() => removeAll(removedAfterTest));
afterAll(() => removeAll(removedAfterFile));

async function removeAll(dirs: string[]): Promise<void> {
  for (const dir of dirs.splice(0)) await removeTempDir(dir);
}

/** Removes a temporary directory and everything in it, folders without write bits too. */
export async function removeTempDir(dir: string): Promise<void> {
  await makeFoldersWritable(dir);
  await rm(dir, { recursive: true, force: true });
}

/** A new empty directory under the system's temp dir, named `<prefix>XXXXXX`, removed after the test. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  removedAfterTest.push(dir);
  return dir;
}

/** The same, kept for all the file's tests and removed after the last (call it in beforeAll). */
export async function fileTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  removedAfterFile.push(dir);
  return dir;
}

/** A tempDir and a Store whose root is its home/. */
export async function tempStore(prefix: string): Promise<{ dir: string; store: Store }> {
  const dir = await tempDir(prefix);
  return { dir, store: new Store(join(dir, 'home')) };
}
