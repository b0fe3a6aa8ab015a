import { lstat, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { envsRoot, removeProjectEnvs } from '../../env/project-env.js';
import { EXIT_FAILURE, EXIT_OK } from '../../errors.js';
import { existsNoFollow } from '../../files/exists.js';
import { forgetVerdicts } from '../../files/lock-verdict.js';
import { type EntryUser, planProjectClean, usersOf } from '../../plan/clean-plan.js';
import { assertCleanable, type CleanReport, cleanStore } from '../../store/clean.js';
import { forgetProject, projectUses, realLockPath, type Warn } from '../../store/projects.js';
import { LAYOUT_DIRS, OLDER_ENTRIES_DIR, STORE_MARK, type Store, treeSize } from '../../store/store.js';
import { type CliContext, openStore } from '../context.js';
import { olderEntriesLine, viewProject } from './shared.js';
import { bool, type Command, str } from './types.js';

export const cleanCommand: Command = {
  name: 'clean',
  summary: "remove this project's environments, the entries no other project uses, and temporary files",
  usage: 'pydebug clean [--dry-run] [--all [--yes]]',
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
pydebug's own subdirectories in it (${LAYOUT_DIRS.join('/, ')}/); symbolic links are removed as
links, never followed. The entries an older pydebug (entry format 3 and earlier) keeps in
${OLDER_ENTRIES_DIR}/ are that pydebug's: only --all removes them.

Options:
  --dry-run   remove nothing: list what would go, and what is kept for which project
  --all       remove the whole store (PYDEBUG_HOME): every project's interpreters and all
              downloads. On a terminal it asks first; without one (CI, scripts) it does not,
              as before
  --yes       with --all: do not ask`,
  options: { all: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } },
  operands: 0,
  async run(ctx, values) {
    const store = openStore(ctx);
    if (!(await existsNoFollow(store.root))) {
      ctx.stderr.write(`nothing to clean: ${store.root} does not exist\n`);
      return EXIT_OK;
    }
    await assertCleanable(store);
    const warn: Warn = (m) => ctx.stderr.write(`warning: ${m}\n`);
    const dryRun = bool(values, 'dry-run');
    if (bool(values, 'all')) return cleanAll(ctx, store, { dryRun, yes: bool(values, 'yes') }, warn);

    const view = await viewProject(ctx, { config: str(values, 'config') });
    const { own, others } = await projectUses(store, await realLockPath(view.lock.path), warn);
    // What this project names now, and what it named when it last registered (an edited matrix's old entries).
    const named = view.entries.filter((e) => e.state.status !== 'missing').map((e) => e.planned.entryKey);
    const before = await present(
      store,
      own.flatMap((o) => o.record.entries),
    );
    const plan = planProjectClean([...named, ...before], others);
    const gone = others.filter((o) => plan.forget.includes(o.record));
    const envs = envsRoot(dirname(view.cfg.path));

    if (dryRun) {
      let bytes = 0;
      for (const key of plan.remove) {
        const size = await bytesOf(store.entryDir(key));
        bytes += size;
        ctx.stdout.write(`would remove ${store.entryDir(key)} (${mb(size)})\n`);
      }
      if (await existsNoFollow(envs)) ctx.stdout.write(`would remove ${envs} (this project's environments)\n`);
      for (const dir of [store.tmpDir, store.sourcesDir]) {
        const size = await bytesOf(dir);
        bytes += size;
        if ((await readdir(dir).catch(() => [])).length > 0) ctx.stdout.write(`would remove what is in ${dir} (${mb(size)}), except what a running pydebug is using\n`);
      }
      for (const { entryKey, users } of plan.keep) ctx.stdout.write(`would keep ${store.entryDir(entryKey)}: ${usedBy(users)}\n`);
      for (const { record } of gone) ctx.stdout.write(`would forget the project ${record.lock}: its lock is gone\n`);
      const older = await olderEntriesLine(store);
      if (older) ctx.stdout.write(`would leave ${older}\n`);
      ctx.stdout.write(`would free ${mb(bytes)}\n`);
      return EXIT_OK;
    }

    const removedEnvs = await removeProjectEnvs(dirname(view.cfg.path));
    if (removedEnvs) ctx.stderr.write(`removed ${removedEnvs} (this project's environments)\n`);
    await forgetVerdicts(dirname(view.cfg.path));
    const report = await cleanStore(store, { kind: 'entries', keys: plan.remove }, ctx.interrupts.signal);
    for (const { entryKey, users } of plan.keep) ctx.stderr.write(`kept ${store.entryDir(entryKey)}: ${usedBy(users)}\n`);
    // This project is no longer recorded (its next sync, run or lock records it again); nor are projects that are gone.
    for (const { path } of own) await forgetProject(store, path);
    for (const { path, record } of gone) {
      await forgetProject(store, path);
      ctx.stderr.write(`forgot the project ${record.lock}: its lock is gone\n`);
    }
    printReport(ctx, report);
    const older = await olderEntriesLine(store);
    if (older) ctx.stderr.write(`left ${older}\n`);
    return EXIT_OK;
  },
};

/** `clean --all`: the whole store, after asking at a terminal (see the help for why not elsewhere). */
async function cleanAll(ctx: CliContext, store: Store, options: { dryRun: boolean; yes: boolean }, warn: Warn): Promise<number> {
  const entries = (await readdir(store.entriesDir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
  const older = await store.olderEntries();
  const { others: projects } = await projectUses(store, undefined, warn);
  if (options.dryRun) {
    let bytes = 0;
    for (const key of entries) {
      const size = await bytesOf(store.entryDir(key));
      bytes += size;
      const users = usersOf(key, projects);
      ctx.stdout.write(`would remove ${store.entryDir(key)} (${mb(size)})${users.length > 0 ? `: ${usedBy(users)}` : ''}\n`);
    }
    for (const dir of store.layoutDirs.filter((d) => d !== store.entriesDir)) {
      if ((await readdir(dir).catch(() => [])).length === 0) continue;
      const size = await bytesOf(dir);
      bytes += size;
      ctx.stdout.write(`would remove ${dir} (${mb(size)})\n`);
    }
    for (const name of older) {
      const size = await bytesOf(join(store.olderEntriesDir, name));
      bytes += size;
      ctx.stdout.write(`would remove ${join(store.olderEntriesDir, name)} (${mb(size)}): an older pydebug's entry\n`);
    }
    ctx.stdout.write(`would free ${mb(bytes)}\n`);
    return EXIT_OK;
  }
  if (!options.yes && ctx.ask) {
    const live = projects.filter((p) => p.liveness.status !== 'gone').length;
    const olderToo = older.length > 0 ? `, and ${older.length} of an older pydebug` : '';
    const what = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${live > 0 ? `, used by ${live} project${live === 1 ? '' : 's'}` : ''}${olderToo}`;
    const answer = await ctx.ask(`remove the whole store ${store.root} (${what}, and all downloads)? [y/N] `);
    if (!/^\s*y(es)?\s*$/i.test(answer ?? '')) {
      ctx.stderr.write('nothing removed (pydebug clean --all --yes does not ask)\n');
      return EXIT_FAILURE;
    }
  }
  printReport(ctx, await cleanStore(store, { kind: 'all' }, ctx.interrupts.signal));
  return EXIT_OK;
}

/** "used by /a/pydebug.lock, /b/pydebug.lock (it cannot be read: ...; kept to be safe)". */
function usedBy(users: EntryUser[]): string {
  return `used by ${users.map((u) => (u.unreadable ? `${u.lock} (it cannot be read: ${u.unreadable}; kept to be safe)` : u.lock)).join(', ')}`;
}

/** The keys whose entry (or a half-restored one) is in the store. */
async function present(store: Store, keys: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of new Set(keys)) if ((await existsNoFollow(store.entryDir(key))) || (await existsNoFollow(store.incompleteMarker(key)))) found.push(key);
  return found;
}

/** Bytes a removal frees: a symbolic link frees nothing worth counting (its target stays). */
async function bytesOf(path: string): Promise<number> {
  const st = await lstat(path).catch(() => undefined);
  if (!st || st.isSymbolicLink()) return 0;
  return st.isDirectory() ? (await treeSize(path).catch(() => ({ bytes: 0 }))).bytes : st.size;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function printReport(ctx: CliContext, report: CleanReport): void {
  for (const { path, bytes } of report.removed) ctx.stderr.write(`removed ${path} (${mb(bytes)})\n`);
  for (const { path, why } of report.skipped) ctx.stderr.write(`skipped ${path}: ${why}\n`);
  ctx.stderr.write(`freed ${mb(report.removed.reduce((a, r) => a + r.bytes, 0))}\n`);
  if (report.skipped.length > 0) ctx.stderr.write('run `pydebug clean` again once the other pydebug has finished to remove what was skipped\n');
}
