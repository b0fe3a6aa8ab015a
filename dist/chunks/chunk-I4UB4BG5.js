import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  execa
} from "./chunk-N76HLSXF.js";
import {
  COMMIT_PATTERN,
  patchlevelVersion,
  readTextFile,
  removeInside,
  renameInside,
  withMutex
} from "./chunk-OCXTFSZJ.js";
import {
  InterruptedError,
  PydebugError
} from "./chunk-2N76SVMT.js";

// src/source/git.ts
import { lstat as lstat2, mkdir } from "node:fs/promises";
import { isAbsolute, join as join2, resolve } from "node:path";

// src/source/source-stamp.ts
import { lstat, writeFile } from "node:fs/promises";
import { join } from "node:path";
var SOURCE_STAMP_FILE = ".pydebug-source";
function stampPath(tree, origin) {
  return "commit" in origin ? join(tree, ".git", SOURCE_STAMP_FILE) : join(tree, SOURCE_STAMP_FILE);
}
function stampText(origin) {
  return `${JSON.stringify({ what: "pydebug source tree", ...origin })}
`;
}
async function writeSourceStamp(tree, origin) {
  await writeFile(stampPath(tree, origin), stampText(origin), { flag: "wx" });
}
async function isStampedSourceTree(tree, origin) {
  const stampDir = "commit" in origin ? join(tree, ".git") : tree;
  const [dir, configure, inDir, stamp] = await Promise.all([tree, join(tree, "configure"), stampDir, stampPath(tree, origin)].map((p) => lstat(p).catch(() => void 0)));
  if (!dir?.isDirectory() || !configure?.isFile() || !inDir?.isDirectory() || !stamp?.isFile() || stamp.size > 4096) return false;
  const text = await readTextFile(stampPath(tree, origin), 4096).catch(() => void 0);
  return text === stampText(origin);
}
async function provideStampedTree(ctx, tree, origin, mutex, make) {
  if (await isStampedSourceTree(tree, origin)) return tree;
  await ctx.store.ensureLayout();
  return withMutex(
    ctx.store.mutexPath(mutex.name),
    {
      purpose: mutex.purpose,
      signal: ctx.signal,
      onWait: (o) => ctx.reporter.info(`${mutex.label}: waiting for another pydebug (pid ${o?.pid ?? "?"}) ${mutex.waitingFor}`)
    },
    async () => {
      if (!await isStampedSourceTree(tree, origin)) await make();
      return tree;
    }
  );
}

// src/source/git.ts
function repositoryArgument(url, projectDir) {
  if (url.includes("://") || isAbsolute(url)) return url;
  return resolve(projectDir, url);
}
function gitEnv(home) {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: "file:git:http:https",
    LC_ALL: "C"
  };
}
var GitError = class extends PydebugError {
};
var RESOLVE_HINT = "check that git: names a reachable repository and that ref: exists in it (a branch, tag or full commit)";
var FETCH_HINT = "check that the repository is reachable; if the pinned commit is gone from it (a force push), run `pydebug lock --upgrade` to pin the commit its ref names now";
async function git(args, cwd, home, signal, what, hint = RESOLVE_HINT) {
  const r = await execa("git", args, { cwd, env: gitEnv(home), extendEnv: false, reject: false, cancelSignal: signal, stdin: "ignore" });
  if (r.isCanceled) throw new InterruptedError();
  if (r.code === "ENOENT" || r.exitCode === void 0 && r.failed) {
    throw new GitError(`${what}: git could not be run (${r.code ?? "not found"})`, { hint: "install git (apt-get install git), or use a release (version:) instead of a git source" });
  }
  if (r.exitCode !== 0) {
    const said = r.stderr.trim().split("\n").filter((l) => !/^warning: filtering not recognized/.test(l)).slice(-4).join("\n");
    throw new GitError(`${what}: git ${args[0]} failed${said ? `:
${said}` : ""}`, { hint });
  }
  return r.stdout.trim();
}
async function initRepository(dir, home, url, signal, what) {
  await mkdir(dir, { recursive: true });
  await mkdir(home, { recursive: true });
  await git(["init", "--quiet"], dir, home, signal, what);
  await git(["remote", "add", "origin", "--", url], dir, home, signal, what);
}
var CPYTHON_TREE_FILES = ["Include/Python.h", "configure"];
var LOCK_TREE_FILES = [...CPYTHON_TREE_FILES, "Include/patchlevel.h"];
var LOCK_NOT_CPYTHON_HINT = "point git: at a CPython repository (e.g. https://github.com/python/cpython) and ref: at a branch, tag or commit of it";
function notCpythonTree(repository, commit, missing, hint) {
  return new PydebugError(`${repository} at ${commit} is not a CPython source tree (no ${missing.join(", ")})`, { hint });
}
async function missingCpythonFiles(tree) {
  const missing = [];
  for (const file of CPYTHON_TREE_FILES) {
    const st = await lstat2(join2(tree, file)).catch(() => void 0);
    if (!st?.isFile()) missing.push(file);
  }
  return missing;
}
async function resolveGitSource(ctx, spec) {
  await ctx.store.ensureLayout();
  const tmp = await ctx.store.makeTemp("git-resolve");
  const what = `${spec.name} (${spec.git} ${spec.ref})`;
  const started = Date.now();
  ctx.reporter.phase(spec.name, "download", `${spec.git} ${spec.ref}`);
  try {
    const repo = join2(tmp, "repo");
    const home = join2(tmp, "home");
    await initRepository(repo, home, repositoryArgument(spec.git, ctx.projectDir), ctx.signal, what);
    await git(["config", "remote.origin.promisor", "true"], repo, home, ctx.signal, what);
    await git(["config", "extensions.partialClone", "origin"], repo, home, ctx.signal, what);
    await git(["fetch", "--quiet", "--depth", "1", "--filter=blob:none", "--no-tags", "origin", "--", spec.ref], repo, home, ctx.signal, what);
    const commit = await git(["rev-parse", "--verify", "--end-of-options", "FETCH_HEAD^{commit}"], repo, home, ctx.signal, what);
    if (!COMMIT_PATTERN.test(commit)) throw new GitError(`${what}: git named the commit ${JSON.stringify(commit)}, which is not a full SHA-1 commit id`);
    const present = (await git(["ls-tree", "--name-only", commit, "--", ...LOCK_TREE_FILES], repo, home, ctx.signal, what)).split("\n");
    const missing = LOCK_TREE_FILES.filter((f) => !present.includes(f));
    if (missing.length > 0) throw notCpythonTree(spec.git, commit, missing, LOCK_NOT_CPYTHON_HINT);
    const patchlevel = await git(["cat-file", "blob", `${commit}:Include/patchlevel.h`], repo, home, ctx.signal, what);
    const version = patchlevelVersion(patchlevel);
    if (!version) throw new PydebugError(`${what}: Include/patchlevel.h of ${commit} has no PY_VERSION pydebug can read`, { hint: LOCK_NOT_CPYTHON_HINT });
    ctx.reporter.phaseDone(spec.name, "download", (Date.now() - started) / 1e3);
    return { git: spec.git, ref: spec.ref, commit, version };
  } finally {
    await removeInside(ctx.store.tmpDir, tmp);
  }
}
function gitTreeDir(store, commit) {
  return join2(store.sourcesDir, `git-${commit}`);
}
async function provideGitTree(ctx, name, source) {
  if (!COMMIT_PATTERN.test(source.commit)) throw new PydebugError(`${name}: the lock's commit ${JSON.stringify(source.commit)} is not a full commit id`, { hint: "run `pydebug lock`" });
  const tree = gitTreeDir(ctx.store, source.commit);
  const origin = { commit: source.commit };
  const mutex = { name: `source-git-${source.commit}`, purpose: `fetching ${name} at ${source.commit}`, label: name, waitingFor: "fetching this commit" };
  return provideStampedTree(ctx, tree, origin, mutex, async () => {
    const tmp = await ctx.store.makeTemp("git-fetch");
    const what = `${name} (${source.git} at ${source.commit})`;
    const started = Date.now();
    ctx.reporter.phase(name, "download", `${source.git} ${source.commit.slice(0, 12)}`);
    try {
      const work = join2(tmp, "tree");
      const home = join2(tmp, "home");
      await initRepository(work, home, repositoryArgument(source.git, ctx.projectDir), ctx.signal, what);
      await git(["fetch", "--quiet", "--depth", "1", "--no-tags", "origin", "--", source.commit], work, home, ctx.signal, what, FETCH_HINT);
      await git(["checkout", "--quiet", "--detach", "FETCH_HEAD"], work, home, ctx.signal, what);
      const head = await git(["rev-parse", "--verify", "HEAD"], work, home, ctx.signal, what);
      if (head !== source.commit) throw new GitError(`${what}: the checkout is at ${head}, not the pinned commit`);
      const missing = await missingCpythonFiles(work);
      if (missing.length > 0) {
        throw notCpythonTree(source.git, source.commit, missing, `${LOCK_NOT_CPYTHON_HINT} in pydebug.yml, then run \`pydebug lock --upgrade\``);
      }
      await writeSourceStamp(work, origin);
      await removeInside(ctx.store.sourcesDir, tree, "a source tree pydebug did not make");
      await renameInside(ctx.store.root, work, tree, "a fetched source tree");
      ctx.reporter.phaseDone(name, "download", (Date.now() - started) / 1e3);
    } finally {
      await removeInside(ctx.store.tmpDir, tmp);
    }
  });
}

export {
  writeSourceStamp,
  provideStampedTree,
  resolveGitSource,
  provideGitTree
};
