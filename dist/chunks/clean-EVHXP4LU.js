import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  LAYOUT_DIRS,
  OLDER_ENTRIES_DIR,
  acquireMutex,
  assertInside,
  bool,
  envsRoot,
  existsNoFollow,
  forgetProject,
  forgetVerdicts,
  isAlive,
  olderEntriesLine,
  openStore,
  planProjectClean,
  projectUses,
  realLockPath,
  removeInside,
  removeProjectEnvs,
  str,
  tempNamePid,
  treeSize,
  usersOf,
  viewProject
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_FAILURE,
  EXIT_OK,
  InterruptedError,
  PydebugError,
  STORE_MARK
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/cli/commands/clean.ts
import { lstat as lstat2, readdir as readdir2 } from "node:fs/promises";
import { dirname, join as join2 } from "node:path";

// src/store/clean.ts
import { lstat, readdir, rmdir } from "node:fs/promises";
import { join } from "node:path";
var BUILD_DIR = /^build-(.+)-([0-9a-z]{8})$/;
var MUTEX_FILE = /^(entry|source)-.+\.lock$/;
async function assertCleanable(store) {
  if (await store.isMarked()) return;
  throw new PydebugError(`${store.root} is not a pydebug store (it has no ${STORE_MARK}): refusing to clean it`, {
    hint: `check PYDEBUG_HOME; pydebug cleans only a directory it marked as its store (${STORE_MARK}); a directory pydebug did not make is yours to remove by hand`
  });
}
async function cleanStore(store, scope, signal) {
  await assertCleanable(store);
  const cleaner = new Cleaner(store, signal);
  try {
    await cleaner.takeMutexes(scope.kind === "all" ? [] : scope.keys);
    if (scope.kind === "all") {
      for (const dir of [store.entriesDir, store.olderEntriesDir, store.logsDir, store.tmpDir, store.sourcesDir, store.downloadsDir, store.verifiedDir, store.projectsDir])
        await cleaner.cleanLayoutDir(dir);
    } else {
      for (const key of scope.keys) await cleaner.cleanEntry(key);
      for (const dir of [store.tmpDir, store.sourcesDir]) await cleaner.cleanLayoutDir(dir);
    }
  } finally {
    await cleaner.releaseMutexes();
  }
  if (scope.kind === "all") await cleaner.removeLayoutAndMark();
  else for (const dir of [store.tmpDir, store.sourcesDir]) await cleaner.removeIfEmpty(dir);
  return cleaner.report;
}
function describeOwner(owner) {
  const pid = Number.isSafeInteger(owner?.pid) ? String(owner.pid) : "?";
  const purpose = typeof owner?.purpose === "string" ? owner.purpose.replace(/[^\x20-\x7e]/g, "?").slice(0, 80) : "";
  return `pid ${pid}${purpose ? ` (${purpose})` : ""}`;
}
async function bytesOf(path) {
  const st = await lstat(path).catch(() => void 0);
  if (!st || st.isSymbolicLink()) return 0;
  return st.isDirectory() ? (await treeSize(path)).bytes : st.size;
}
var Cleaner = class {
  constructor(store, signal) {
    this.store = store;
    this.signal = signal;
  }
  store;
  signal;
  report = { removed: [], skipped: [] };
  held = /* @__PURE__ */ new Map();
  /** Mutex name (entry-<entry key>, source-<tree>) → who holds it: "pid N (purpose)". */
  busy = /* @__PURE__ */ new Map();
  /** Tries every mutex in locks/, and the entry mutexes of `keys`, once each. */
  async takeMutexes(keys) {
    const files = await readdir(this.store.mutexesDir).catch(() => []);
    const names = files.filter((f) => MUTEX_FILE.test(f)).map((f) => f.slice(0, -".lock".length));
    for (const name of /* @__PURE__ */ new Set([...names, ...keys.map((k) => `entry-${k}`)])) await this.tryMutex(name);
  }
  /** Takes the mutex if it is free (and keeps it), or records who holds it: no waiting. */
  async tryMutex(name) {
    if (this.held.has(name) || this.busy.has(name)) return;
    const once = new AbortController();
    let owner;
    try {
      const mutex = await acquireMutex(this.store.mutexPath(name), {
        purpose: "pydebug clean",
        signal: AbortSignal.any([this.signal, once.signal]),
        onWait: (o) => {
          owner = o;
          once.abort();
        }
      });
      this.held.set(name, mutex);
    } catch (e) {
      if (!(e instanceof InterruptedError) || this.signal.aborted) throw e;
      this.busy.set(name, describeOwner(owner));
    }
  }
  async releaseMutexes() {
    for (const mutex of this.held.values()) await mutex.release();
    this.held.clear();
  }
  entryBusy(entryKey) {
    return this.inUse(`entry-${entryKey}`);
  }
  inUse(name) {
    const owner = this.busy.get(name);
    return owner && `in use by ${owner}`;
  }
  skip(path, why) {
    this.report.skipped.push({ path, why });
  }
  async remove(root, path, line) {
    const bytes = await bytesOf(path);
    await removeInside(root, path);
    const known = this.report.removed.find((r) => r.path === line);
    if (known) known.bytes += bytes;
    else this.report.removed.push({ path: line, bytes });
  }
  /** One store entry (and its incomplete-restore marker), under its mutex. */
  async cleanEntry(entryKey) {
    const dir = this.store.entryDir(entryKey);
    await this.tryMutex(`entry-${entryKey}`);
    const busy = this.entryBusy(entryKey);
    if (busy) {
      if (await existsNoFollow(dir)) this.skip(dir, busy);
      return;
    }
    if (!await existsNoFollow(dir)) {
      await this.store.clearIncompleteMarker(entryKey);
      return;
    }
    const bytes = await bytesOf(dir);
    await this.store.remove(entryKey);
    await this.store.forgetVerification(entryKey);
    this.report.removed.push({ path: dir, bytes });
  }
  /** Everything in one of pydebug's subdirectories that no running pydebug is using. */
  async cleanLayoutDir(dir) {
    const st = await lstat(dir).catch(() => void 0);
    if (!st) return;
    if (st.isSymbolicLink()) {
      this.skip(dir, "it is a symbolic link, and pydebug removes nothing through a link");
      return;
    }
    if (!st.isDirectory()) {
      await this.remove(this.store.root, dir, dir);
      return;
    }
    for (const entry of await readdir(dir)) {
      if (this.signal.aborted) throw new InterruptedError();
      const path = join(dir, entry);
      const pid = tempNamePid(entry);
      const busy = pid === void 0 ? await this.usedBySync(dir, entry, path) : isAlive(pid) ? `in use by pid ${pid}` : void 0;
      if (busy) this.skip(path, busy);
      else if (dir === this.store.entriesDir && !entry.startsWith(".")) await this.cleanEntry(entry);
      else await this.remove(dir, path, dir === this.store.olderEntriesDir ? path : dir);
    }
  }
  /** Why a running sync needs `entry` of layout directory `dir`, or undefined. */
  async usedBySync(dir, entry, path) {
    switch (dir) {
      case this.store.entriesDir:
      case this.store.olderEntriesDir:
        return this.entryBusy(entry.replace(/^\./, "").replace(/\.incomplete$/, ""));
      case this.store.logsDir:
        return entry.endsWith(".log") ? this.entryBusy(entry.slice(0, -".log".length)) : void 0;
      case this.store.downloadsDir: {
        const extracting = [...this.busy.keys()].find((name) => name.startsWith("source-") && name.endsWith(`-${entry.slice(0, 16)}`));
        return extracting && this.inUse(extracting);
      }
      case this.store.sourcesDir:
        return this.sourceTreeUse(entry, path);
      default:
        return void 0;
    }
  }
  /**
   * A tree being extracted is in use; so is every tree while any build runs in this store (a
   * build between finding its tree and creating its build directory shows nowhere else). In a
   * tree kept for that reason, the build directories of builds that are not running still go.
   */
  async sourceTreeUse(tree, path) {
    const extracting = this.inUse(`source-${tree}`);
    if (extracting) return extracting;
    const building = [...this.busy].filter(([name]) => name.startsWith("entry-"));
    if (building.length === 0) return void 0;
    const keys = building.map(([name]) => name.slice("entry-".length));
    const names = await readdir(path).catch(() => []);
    for (const name of names) {
      const m = BUILD_DIR.exec(name);
      if (m && !keys.some((k) => k.endsWith(m[2]) && k.includes(`-${m[1]}-`))) await this.remove(path, join(path, name), this.store.sourcesDir);
    }
    return `a pydebug is building in this store: ${building.map(([, owner]) => owner).join("; ")}`;
  }
  /**
   * After --all: the emptied layout directories (and an older pydebug's store/), what dead mutex breakers left in locks/, then
   * the mark and the root, each only if nothing else is left (a sync may have started).
   */
  async removeLayoutAndMark() {
    await this.removeDeadMutexAsides();
    for (const dir of [...this.store.layoutDirs, this.store.olderEntriesDir]) await this.removeIfEmpty(dir);
    const left = await readdir(this.store.root).catch(() => []);
    if (left.length === 1 && left[0] === STORE_MARK) {
      await removeInside(this.store.root, this.store.markPath, "the store mark");
      await rmdir(this.store.root).catch(() => void 0);
    }
  }
  /** locks/<name>.lock.stale-<pid>-<random>: moved aside by a pydebug breaking a stale mutex. */
  async removeDeadMutexAsides() {
    const dir = this.store.mutexesDir;
    const st = await lstat(dir).catch(() => void 0);
    if (!st?.isDirectory()) return;
    for (const name of await readdir(dir)) {
      const pid = /\.lock\.stale-(\d+)-[a-z0-9]+$/.exec(name)?.[1];
      if (pid !== void 0 && !isAlive(Number(pid))) await removeInside(dir, join(dir, name), "a broken mutex");
    }
  }
  /** A layout directory left empty; ensureLayout makes it again when it is needed. */
  async removeIfEmpty(dir) {
    const st = await lstat(dir).catch(() => void 0);
    if (!st?.isDirectory()) return;
    await rmdir(await assertInside(this.store.root, dir)).catch(() => void 0);
  }
};

// src/cli/commands/clean.ts
var cleanCommand = {
  name: "clean",
  summary: "remove this project's environments, the entries no other project uses, and temporary files",
  usage: "pydebug clean [--dry-run] [--all [--yes]]",
  help: `
Removes this project's environments (.pydebug/envs/, made again by the next \`pydebug run\`),
extracted source trees, leftover build and staging directories, and the store entries of this
project's matrix that no other project uses (so the next sync rebuilds them). Entries are shared
by key: two projects with the same pydebug.yml use the same entries. The store records each
project that ran sync, run or lock in it (projects/ in the store, by the path of its
pydebug.lock); an entry stays while another project's pydebug.lock still names it, and is named
with that project. A project whose pydebug.lock is gone keeps nothing, and its record goes; one
whose lock is there but cannot be read keeps what it last used, and says why. Downloads stay.
What a running pydebug is using (an entry it is building, its source tree, its temporary
directories) is skipped, and named.

Only a directory pydebug marked as its store (it holds ${STORE_MARK}) is cleaned, and only
pydebug's own subdirectories in it (${LAYOUT_DIRS.join("/, ")}/); symbolic links are removed as
links, never followed. The entries an older pydebug (entry format 3 and earlier) keeps in
${OLDER_ENTRIES_DIR}/ are that pydebug's: only --all removes them.

Options:
  --dry-run   remove nothing: list what would go, and what is kept for which project
  --all       remove the whole store (PYDEBUG_HOME): every project's interpreters and all
              downloads. On a terminal it asks first; without one (CI, scripts) it does not,
              as before
  --yes       with --all: do not ask`,
  options: { all: { type: "boolean" }, "dry-run": { type: "boolean" }, yes: { type: "boolean", short: "y" } },
  operands: 0,
  async run(ctx, values) {
    const store = openStore(ctx);
    if (!await existsNoFollow(store.root)) {
      ctx.stderr.write(`nothing to clean: ${store.root} does not exist
`);
      return EXIT_OK;
    }
    await assertCleanable(store);
    const warn = (m) => ctx.stderr.write(`warning: ${m}
`);
    const dryRun = bool(values, "dry-run");
    if (bool(values, "all")) return cleanAll(ctx, store, { dryRun, yes: bool(values, "yes") }, warn);
    const view = await viewProject(ctx, { config: str(values, "config") });
    const { own, others } = await projectUses(store, await realLockPath(view.lock.path), warn);
    const named = view.entries.filter((e) => e.state.status !== "missing").map((e) => e.planned.entryKey);
    const before = await present(
      store,
      own.flatMap((o) => o.record.entries)
    );
    const plan = planProjectClean([...named, ...before], others);
    const gone = others.filter((o) => plan.forget.includes(o.record));
    const envs = envsRoot(dirname(view.cfg.path));
    if (dryRun) {
      let bytes = 0;
      for (const key of plan.remove) {
        const size = await bytesOf2(store.entryDir(key));
        bytes += size;
        ctx.stdout.write(`would remove ${store.entryDir(key)} (${mb(size)})
`);
      }
      if (await existsNoFollow(envs)) ctx.stdout.write(`would remove ${envs} (this project's environments)
`);
      for (const dir of [store.tmpDir, store.sourcesDir]) {
        const size = await bytesOf2(dir);
        bytes += size;
        if ((await readdir2(dir).catch(() => [])).length > 0) ctx.stdout.write(`would remove what is in ${dir} (${mb(size)}), except what a running pydebug is using
`);
      }
      for (const { entryKey, users } of plan.keep) ctx.stdout.write(`would keep ${store.entryDir(entryKey)}: ${usedBy(users)}
`);
      for (const { record } of gone) ctx.stdout.write(`would forget the project ${record.lock}: its lock is gone
`);
      const older2 = await olderEntriesLine(store);
      if (older2) ctx.stdout.write(`would leave ${older2}
`);
      ctx.stdout.write(`would free ${mb(bytes)}
`);
      return EXIT_OK;
    }
    const removedEnvs = await removeProjectEnvs(dirname(view.cfg.path));
    if (removedEnvs) ctx.stderr.write(`removed ${removedEnvs} (this project's environments)
`);
    await forgetVerdicts(dirname(view.cfg.path));
    const report = await cleanStore(store, { kind: "entries", keys: plan.remove }, ctx.interrupts.signal);
    for (const { entryKey, users } of plan.keep) ctx.stderr.write(`kept ${store.entryDir(entryKey)}: ${usedBy(users)}
`);
    for (const { path } of own) await forgetProject(store, path);
    for (const { path, record } of gone) {
      await forgetProject(store, path);
      ctx.stderr.write(`forgot the project ${record.lock}: its lock is gone
`);
    }
    printReport(ctx, report);
    const older = await olderEntriesLine(store);
    if (older) ctx.stderr.write(`left ${older}
`);
    return EXIT_OK;
  }
};
async function cleanAll(ctx, store, options, warn) {
  const entries = (await readdir2(store.entriesDir).catch(() => [])).filter((n) => !n.startsWith(".")).sort();
  const older = await store.olderEntries();
  const { others: projects } = await projectUses(store, void 0, warn);
  if (options.dryRun) {
    let bytes = 0;
    for (const key of entries) {
      const size = await bytesOf2(store.entryDir(key));
      bytes += size;
      const users = usersOf(key, projects);
      ctx.stdout.write(`would remove ${store.entryDir(key)} (${mb(size)})${users.length > 0 ? `: ${usedBy(users)}` : ""}
`);
    }
    for (const dir of store.layoutDirs.filter((d) => d !== store.entriesDir)) {
      if ((await readdir2(dir).catch(() => [])).length === 0) continue;
      const size = await bytesOf2(dir);
      bytes += size;
      ctx.stdout.write(`would remove ${dir} (${mb(size)})
`);
    }
    for (const name of older) {
      const size = await bytesOf2(join2(store.olderEntriesDir, name));
      bytes += size;
      ctx.stdout.write(`would remove ${join2(store.olderEntriesDir, name)} (${mb(size)}): an older pydebug's entry
`);
    }
    ctx.stdout.write(`would free ${mb(bytes)}
`);
    return EXIT_OK;
  }
  if (!options.yes && ctx.ask) {
    const live = projects.filter((p) => p.liveness.status !== "gone").length;
    const olderToo = older.length > 0 ? `, and ${older.length} of an older pydebug` : "";
    const what = `${entries.length} entr${entries.length === 1 ? "y" : "ies"}${live > 0 ? `, used by ${live} project${live === 1 ? "" : "s"}` : ""}${olderToo}`;
    const answer = await ctx.ask(`remove the whole store ${store.root} (${what}, and all downloads)? [y/N] `);
    if (!/^\s*y(es)?\s*$/i.test(answer ?? "")) {
      ctx.stderr.write("nothing removed (pydebug clean --all --yes does not ask)\n");
      return EXIT_FAILURE;
    }
  }
  printReport(ctx, await cleanStore(store, { kind: "all" }, ctx.interrupts.signal));
  return EXIT_OK;
}
function usedBy(users) {
  return `used by ${users.map((u) => u.unreadable ? `${u.lock} (it cannot be read: ${u.unreadable}; kept to be safe)` : u.lock).join(", ")}`;
}
async function present(store, keys) {
  const found = [];
  for (const key of new Set(keys)) if (await existsNoFollow(store.entryDir(key)) || await existsNoFollow(store.incompleteMarker(key))) found.push(key);
  return found;
}
async function bytesOf2(path) {
  const st = await lstat2(path).catch(() => void 0);
  if (!st || st.isSymbolicLink()) return 0;
  return st.isDirectory() ? (await treeSize(path).catch(() => ({ bytes: 0 }))).bytes : st.size;
}
var mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
function printReport(ctx, report) {
  for (const { path, bytes } of report.removed) ctx.stderr.write(`removed ${path} (${mb(bytes)})
`);
  for (const { path, why } of report.skipped) ctx.stderr.write(`skipped ${path}: ${why}
`);
  ctx.stderr.write(`freed ${mb(report.removed.reduce((a, r) => a + r.bytes, 0))}
`);
  if (report.skipped.length > 0) ctx.stderr.write("run `pydebug clean` again once the other pydebug has finished to remove what was skipped\n");
}
export {
  cleanCommand
};
