/**
 * What a pydebug that died while building left behind, found through its stale mutex
 * (store/mutex.ts): the process groups it started (a make that outlived it keeps compiling) and
 * the directories it was writing. This is the folder that knows what a build step looks like
 * (build.ts runs configure, make and the build's python in sources/<tree>/build-*), so only what
 * is provably such a step of this store is stopped, and only staging and build directories
 * removed; the rest is named in a warning and left alone.
 */

import { realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isStrictlyInside, OutsideError, removeInside } from '../files/contained.js';
import { BUILD_DIR_PYTHON, MAKE } from '../platform/index.js';
import { readProc } from '../platform/proc.js';
import { unwrapStep } from '../platform/step-cpu.js';
import { type MutexOwner, mutexOwnerOf, type ProcessIdentity } from '../store/mutex.js';

/** Where a dead owner's leftovers may be: this store's staging area and its source trees. */
export interface CleanUpScope {
  /** The store's tmp/: staging directories. */
  tmpDir: string;
  /** The store's sources/: build directories are sources/<tree>/build-*. */
  sourcesDir: string;
  /** Told about everything left alone because it is not provably the dead owner's. */
  warn: (message: string) => void;
}

/**
 * Stops what a dead owner left running and removes what it was writing: its process groups
 * (a make that outlived a killed pydebug keeps compiling into its build directory) first, then
 * its directories. Only what is provably the owner's build is touched; the rest is named in a
 * warning and left alone.
 */
export async function cleanUpAfter(owner: MutexOwner | undefined, scope: CleanUpScope): Promise<void> {
  const o = mutexOwnerOf(owner);
  if (!o) {
    scope.warn('its mutex file did not say who held it; nothing it may have left was stopped or removed');
    return;
  }
  if (o.host !== hostname()) return; // its processes are not ours to see
  const stopped: number[] = [];
  for (const child of o.children ?? []) {
    const verdict = await buildStepVerdict(child, scope.sourcesDir);
    if (verdict === 'ours') {
      killGroup(child.pid);
      stopped.push(child.pid);
    } else if (verdict !== 'gone') {
      scope.warn(`not stopping process group ${child.pid} named in its mutex file: ${verdict}`);
    }
  }
  // Wait (briefly) for the killed groups to be gone before removing their files.
  for (let i = 0; i < 50 && stopped.some((g) => groupAlive(g)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const path of o.paths ?? []) await removeLeftover(path, scope);
}

/**
 * 'ours' when the group led by `child` is provably a build step of this store that the dead
 * owner started: the same process (pid, start time, boot), leading its own group, running
 * configure, make or the build's python in a build directory under sources/. 'gone' when there
 * is nothing to stop; otherwise why it is left alone. Without /proc (macOS) nothing can be
 * proved, so nothing is killed.
 */
async function buildStepVerdict(child: ProcessIdentity, sourcesDir: string): Promise<'ours' | 'gone' | string> {
  if (child.start === undefined || child.boot === undefined) return 'the mutex file does not record its start time';
  const facts = await readProc(child.pid);
  if (facts === undefined) return 'it cannot be checked to be a build step of this store (no readable /proc)';
  if (facts === 'gone') return 'gone';
  if (facts.boot !== child.boot || facts.start !== child.start) return 'that pid now belongs to another process (its start time differs)';
  if (facts.pgid !== child.pid) return 'it does not lead a process group';
  const realSources = await realpath(sourcesDir).catch(() => undefined);
  if (facts.cwd === undefined || realSources === undefined || !isBuildDir(realSources, facts.cwd)) {
    return `it does not run in a build directory under ${sourcesDir} (it runs in ${facts.cwd ?? 'a directory that cannot be read'})`;
  }
  if (!(await isBuildCommand(facts.argv, facts.cwd))) return `its command (${facts.argv.join(' ').slice(0, 200)}) is not configure, make or the build's python`;
  return 'ours';
}

/** True for sources/<tree>/build-*: where build.ts builds. */
function isBuildDir(sourcesDir: string, path: string): boolean {
  const parts = relative(sourcesDir, resolve(path)).split(sep);
  return parts.length === 2 && parts[0] !== '..' && parts[0] !== '' && !isAbsolute(parts[0]!) && parts[1]!.startsWith('build-');
}

/**
 * The commands build.ts runs in a build directory `cwd`: ../configure (through its shell), make,
 * the build's python; each under the step shell that reports its CPU (exactly that shell and script).
 */
async function isBuildCommand(argv: string[], cwd: string): Promise<boolean> {
  const [program = '', ...args] = unwrapStep(argv);
  const is = async (path: string | undefined, dir: string, name: string) => path !== undefined && basename(path) === name && (await realpath(dirname(resolve(cwd, path))).catch(() => '')) === dir;
  if (basename(program) === MAKE) return true;
  if (await is(program, cwd, BUILD_DIR_PYTHON)) return true;
  const script = SHELLS.has(basename(program)) ? args.find((a) => !a.startsWith('-')) : program;
  return is(script, dirname(cwd), 'configure');
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ksh', 'zsh']);

/** Removes `path` if it is a staging directory in tmp/ or a build directory under sources/; warns otherwise. */
async function removeLeftover(path: string, scope: CleanUpScope): Promise<void> {
  const root = isStrictlyInside(scope.tmpDir, path) ? scope.tmpDir : isBuildDir(scope.sourcesDir, path) ? scope.sourcesDir : undefined;
  if (root === undefined) {
    scope.warn(`not removing ${path} named in its mutex file: only staging directories in ${scope.tmpDir} and build directories in ${scope.sourcesDir} are`);
    return;
  }
  try {
    await removeInside(root, path, 'a directory named in a mutex file');
  } catch (e) {
    if (!(e instanceof OutsideError)) throw e;
    scope.warn(`not removing ${path} named in its mutex file: ${e.message}`);
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
