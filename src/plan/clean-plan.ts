/**
 * Which store entries `pydebug clean` may remove when one store serves many projects. Pure: the
 * project records (store/projects.ts) and what each project's lock says now come in; what to
 * remove, what to keep and for whom, and which records to forget come out.
 *
 * Entries are shared by key: two projects with the same pydebug.yml name the same entries, so
 * "this project's entries" are everyone's. As Nix keeps GC roots and pnpm's store knows its
 * projects, the store keeps one record per project (its lock's path); an entry is kept while any
 * other live project names it. Whether a project names an entry is decided by its lock as it is
 * at clean time, not by its record: a lock that changed since it was registered (a `git pull`)
 * still counts. The record's entry keys are the fallback for a lock that exists but cannot be
 * read, where keeping is the only safe answer.
 */

/** What the store remembers of a project that used it (one file in projects/). */
export interface ProjectRecord {
  /** The absolute path of its pydebug.lock, symlinks resolved. */
  lock: string;
  /** The entry keys it named when it was last registered, sorted. */
  entries: string[];
  /** When it was last registered (ISO 8601). */
  updated: string;
}

/**
 * A project's lock as clean finds it: gone (the project is not live), read (the lock keys it
 * names), or there but unreadable (live, what it names unknown: why).
 */
export type ProjectLiveness = { status: 'gone' } | { status: 'live'; lockKeys: string[] } | { status: 'unknown'; why: string };

export interface ProjectUse {
  record: ProjectRecord;
  liveness: ProjectLiveness;
}

/** A project that keeps an entry: its lock, and, when its lock could not be read, why. */
export interface EntryUser {
  lock: string;
  unreadable?: string;
}

export interface ProjectCleanPlan {
  remove: string[];
  keep: Array<{ entryKey: string; users: EntryUser[] }>;
  /** Records of projects whose lock is gone: nothing of theirs is kept, and the records can go. */
  forget: ProjectRecord[];
}

/** The entry key "pydebug-<lock key>-<os>-<arch>-<8 hex>" (lock/resolve.ts entryKeyFor) extends this lock key. */
export function entryHasLockKey(entryKey: string, lockKey: string): boolean {
  return /^pydebug-(.+)-[^-]+-[^-]+-[0-9a-f]{8}$/.exec(entryKey)?.[1] === lockKey;
}

/**
 * The projects among `projects` that name `entryKey`: a live one when its lock names the entry's
 * lock key (on any machine identity: a toolchain change keeps the old entry rather than guess),
 * an unreadable one when its record names the entry. A project whose lock is gone names nothing.
 */
export function usersOf(entryKey: string, projects: ProjectUse[]): EntryUser[] {
  const users: EntryUser[] = [];
  for (const { record, liveness } of projects) {
    if (liveness.status === 'live' && liveness.lockKeys.some((k) => entryHasLockKey(entryKey, k))) users.push({ lock: record.lock });
    if (liveness.status === 'unknown' && record.entries.includes(entryKey)) users.push({ lock: record.lock, unreadable: liveness.why });
  }
  return users.sort((a, b) => (a.lock < b.lock ? -1 : a.lock > b.lock ? 1 : 0));
}

/**
 * `candidates`: the entries this project names (and named when it was last registered) that are
 * in the store; `others`: every other project's record and liveness. An entry goes only when no
 * other project uses it.
 */
export function planProjectClean(candidates: string[], others: ProjectUse[]): ProjectCleanPlan {
  const plan: ProjectCleanPlan = { remove: [], keep: [], forget: others.filter((p) => p.liveness.status === 'gone').map((p) => p.record) };
  for (const entryKey of [...new Set(candidates)].sort()) {
    const users = usersOf(entryKey, others);
    if (users.length === 0) plan.remove.push(entryKey);
    else plan.keep.push({ entryKey, users });
  }
  return plan;
}

/**
 * The entries a registration records: those the command knows the project names now, and those
 * of the previous record still named by the lock (by lock key). Without `lockKeys` (a command
 * that saw only part of the lock, as `run`), the previous ones all stay; `sync` and `lock` prune.
 */
export function registeredEntries(previous: string[], known: string[], lockKeys: string[] | undefined): string[] {
  const still = lockKeys === undefined ? previous : previous.filter((e) => lockKeys.some((k) => entryHasLockKey(e, k)));
  return [...new Set([...still, ...known])].sort();
}
