/**
 * git sources: `pydebug lock` resolves a ref to a commit and reads that tree's version;
 * `pydebug sync` fetches exactly the pinned commit (shallow) into sources/git-<commit>/, once per
 * store. git always gets argument arrays (never a shell), "--" before the repository's values,
 * no user or system configuration, no prompts, and only the transports pydebug.yml allows.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { execa } from 'execa';
import { COMMIT_PATTERN, patchlevelVersion } from '../config/git.js';
import type { GitSourceSpec } from '../config/project.js';
import { InterruptedError, PydebugError } from '../errors.js';
import { removeInside, renameInside } from '../files/contained.js';
import type { LockedGit } from '../lock/types.js';
import type { Reporter } from '../progress.js';
import type { Store } from '../store/store.js';
import { provideStampedTree, writeSourceStamp } from './source-stamp.js';

export interface GitContext {
  store: Store;
  reporter: Reporter;
  signal?: AbortSignal | undefined;
  /** The directory of pydebug.yml: local repository paths are relative to it. */
  projectDir: string;
}

/** The repository as git is given it: a local path made absolute against pydebug.yml's directory. */
function repositoryArgument(url: string, projectDir: string): string {
  if (url.includes('://') || isAbsolute(url)) return url;
  return resolve(projectDir, url);
}

/**
 * The environment of every git run: no system or global configuration (a user's url.insteadOf,
 * core.autocrlf or hooks must not change what is fetched), HOME an empty directory, no terminal
 * prompt for credentials, and only the transports pydebug.yml accepts, also for redirects.
 */
function gitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: 'file:git:http:https',
    LC_ALL: 'C',
  };
}

class GitError extends PydebugError {}

const RESOLVE_HINT = 'check that git: names a reachable repository and that ref: exists in it (a branch, tag or full commit)';
const FETCH_HINT = 'check that the repository is reachable; if the pinned commit is gone from it (a force push), run `pydebug lock --upgrade` to pin the commit its ref names now';

async function git(args: string[], cwd: string, home: string, signal: AbortSignal | undefined, what: string, hint = RESOLVE_HINT): Promise<string> {
  const r = await execa('git', args, { cwd, env: gitEnv(home), extendEnv: false, reject: false, cancelSignal: signal, stdin: 'ignore' });
  if (r.isCanceled) throw new InterruptedError();
  if (r.code === 'ENOENT' || (r.exitCode === undefined && r.failed)) {
    throw new GitError(`${what}: git could not be run (${r.code ?? 'not found'})`, { hint: 'install git (apt-get install git), or use a release (version:) instead of a git source' });
  }
  if (r.exitCode !== 0) {
    const said = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !/^warning: filtering not recognized/.test(l))
      .slice(-4)
      .join('\n');
    throw new GitError(`${what}: git ${args[0]} failed${said ? `:\n${said}` : ''}`, { hint });
  }
  return r.stdout.trim();
}

/** An empty repository in `dir` whose remote origin is `url`, with an empty HOME beside it. */
async function initRepository(dir: string, home: string, url: string, signal: AbortSignal | undefined, what: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await mkdir(home, { recursive: true });
  await git(['init', '--quiet'], dir, home, signal, what);
  await git(['remote', 'add', 'origin', '--', url], dir, home, signal, what);
}

/**
 * Files at the top of every CPython source tree. A tree without them is another project or a
 * ref into the wrong repository: refused when it is locked and right after it is checked out,
 * so the user hears that, not a configure or make failure about missing headers.
 */
const CPYTHON_TREE_FILES = ['Include/Python.h', 'configure'];
/** lock also reads the version from Include/patchlevel.h. */
const LOCK_TREE_FILES = [...CPYTHON_TREE_FILES, 'Include/patchlevel.h'];

const LOCK_NOT_CPYTHON_HINT = 'point git: at a CPython repository (e.g. https://github.com/python/cpython) and ref: at a branch, tag or commit of it';

function notCpythonTree(repository: string, commit: string, missing: string[], hint: string): PydebugError {
  return new PydebugError(`${repository} at ${commit} is not a CPython source tree (no ${missing.join(', ')})`, { hint });
}

/** Which of CPYTHON_TREE_FILES the checkout lacks (lstat: a link in their place is not CPython's). */
async function missingCpythonFiles(tree: string): Promise<string[]> {
  const missing: string[] = [];
  for (const file of CPYTHON_TREE_FILES) {
    const st = await lstat(join(tree, file)).catch(() => undefined);
    if (!st?.isFile()) missing.push(file);
  }
  return missing;
}

/**
 * For `pydebug lock`: the commit `spec.ref` names now, and the version in that commit's
 * Include/patchlevel.h. One shallow fetch without file contents where the server can filter
 * (GitHub can), then the one blob; the temporary repository is removed.
 */
export async function resolveGitSource(ctx: GitContext, spec: GitSourceSpec): Promise<LockedGit> {
  await ctx.store.ensureLayout();
  const tmp = await ctx.store.makeTemp('git-resolve');
  const what = `${spec.name} (${spec.git} ${spec.ref})`;
  const started = Date.now();
  ctx.reporter.phase(spec.name, 'download', `${spec.git} ${spec.ref}`);
  try {
    const repo = join(tmp, 'repo');
    const home = join(tmp, 'home');
    await initRepository(repo, home, repositoryArgument(spec.git, ctx.projectDir), ctx.signal, what);
    await git(['config', 'remote.origin.promisor', 'true'], repo, home, ctx.signal, what);
    await git(['config', 'extensions.partialClone', 'origin'], repo, home, ctx.signal, what);
    await git(['fetch', '--quiet', '--depth', '1', '--filter=blob:none', '--no-tags', 'origin', '--', spec.ref], repo, home, ctx.signal, what);
    const commit = await git(['rev-parse', '--verify', '--end-of-options', 'FETCH_HEAD^{commit}'], repo, home, ctx.signal, what);
    if (!COMMIT_PATTERN.test(commit)) throw new GitError(`${what}: git named the commit ${JSON.stringify(commit)}, which is not a full SHA-1 commit id`);
    // The trees came with the fetch (only blobs were filtered out): which files exist is known here.
    const present = (await git(['ls-tree', '--name-only', commit, '--', ...LOCK_TREE_FILES], repo, home, ctx.signal, what)).split('\n');
    const missing = LOCK_TREE_FILES.filter((f) => !present.includes(f));
    if (missing.length > 0) throw notCpythonTree(spec.git, commit, missing, LOCK_NOT_CPYTHON_HINT);
    const patchlevel = await git(['cat-file', 'blob', `${commit}:Include/patchlevel.h`], repo, home, ctx.signal, what);
    const version = patchlevelVersion(patchlevel);
    if (!version) throw new PydebugError(`${what}: Include/patchlevel.h of ${commit} has no PY_VERSION pydebug can read`, { hint: LOCK_NOT_CPYTHON_HINT });
    ctx.reporter.phaseDone(spec.name, 'download', (Date.now() - started) / 1000);
    return { git: spec.git, ref: spec.ref, commit, version };
  } finally {
    await removeInside(ctx.store.tmpDir, tmp);
  }
}

/** sources/git-<commit>: one checkout per commit, shared by every entry and source name. */
function gitTreeDir(store: Store, commit: string): string {
  return join(store.sourcesDir, `git-${commit}`);
}

/**
 * For `pydebug sync`: the checkout of the pinned commit, fetched alone (`git fetch --depth 1
 * origin <commit>`, which GitHub serves) into tmp/, checked to be that commit, and moved into
 * sources/ by one rename, under a mutex so concurrent syncs share it. The checkout keeps its .git:
 * CPython's Makefile reads sys._git from it.
 */
export async function provideGitTree(ctx: GitContext, name: string, source: LockedGit): Promise<string> {
  if (!COMMIT_PATTERN.test(source.commit)) throw new PydebugError(`${name}: the lock's commit ${JSON.stringify(source.commit)} is not a full commit id`, { hint: 'run `pydebug lock`' });
  const tree = gitTreeDir(ctx.store, source.commit);
  const origin = { commit: source.commit };
  const mutex = { name: `source-git-${source.commit}`, purpose: `fetching ${name} at ${source.commit}`, label: name, waitingFor: 'fetching this commit' };
  return provideStampedTree(ctx, tree, origin, mutex, async () => {
    const tmp = await ctx.store.makeTemp('git-fetch');
    const what = `${name} (${source.git} at ${source.commit})`;
    const started = Date.now();
    ctx.reporter.phase(name, 'download', `${source.git} ${source.commit.slice(0, 12)}`);
    try {
      const work = join(tmp, 'tree');
      const home = join(tmp, 'home');
      await initRepository(work, home, repositoryArgument(source.git, ctx.projectDir), ctx.signal, what);
      await git(['fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', '--', source.commit], work, home, ctx.signal, what, FETCH_HINT);
      await git(['checkout', '--quiet', '--detach', 'FETCH_HEAD'], work, home, ctx.signal, what);
      const head = await git(['rev-parse', '--verify', 'HEAD'], work, home, ctx.signal, what);
      if (head !== source.commit) throw new GitError(`${what}: the checkout is at ${head}, not the pinned commit`);
      const missing = await missingCpythonFiles(work);
      if (missing.length > 0) {
        throw notCpythonTree(source.git, source.commit, missing, `${LOCK_NOT_CPYTHON_HINT} in pydebug.yml, then run \`pydebug lock --upgrade\``);
      }
      await writeSourceStamp(work, origin);
      await removeInside(ctx.store.sourcesDir, tree, 'a source tree pydebug did not make');
      await renameInside(ctx.store.root, work, tree, 'a fetched source tree');
      ctx.reporter.phaseDone(name, 'download', (Date.now() - started) / 1000);
    } finally {
      await removeInside(ctx.store.tmpDir, tmp);
    }
  });
}
