/**
 * What pydebug already found of this pydebug.yml and pydebug.lock. When a command found the lock
 * current with pydebug.yml (every record what `pydebug lock` writes, and no warning), it records
 * the ProjectConfig and the parsed lock; while both files hold that same text, run, which,
 * list, inspect and sync --frozen use the record instead of parsing YAML, validating with zod and
 * deriving every lock record again (see lock-update.ts).
 *
 * The record is <project>/.pydebug/verdicts.json, signed with HMAC-SHA-256 under a random secret
 * kept in the store (cache/verdict-key, 32 bytes, mode 0600): anyone who can write the project (a
 * pull request, a checkout of someone else's repository) can put a verdicts.json there, and one
 * not signed with this store's key is ignored, so it cannot make pydebug take a changed lock as
 * checked. Everything read back is input: a record that is not a regular file, too large, not
 * JSON, of another shape, another pydebug, another key or other text is ignored (the command
 * checks the files the long way and writes a new record), never an error; no symlink is
 * followed, and a record is only ever written inside .pydebug/, by temporary file and rename.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, openSync } from 'node:fs';
import { link, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import type { ProjectConfig } from '../config/project.js';
import type { Lock } from '../lock/types.js';
import { removeInside, renameInside } from './contained.js';
import { existsNoFollow } from './exists.js';
import { MAX_LOCK_BYTES } from './lock-file.js';
import { readBounded, readBoundedFd } from './read-text.js';

export const VERDICTS_FILE = 'verdicts.json';
export const VERDICT_KEY_FILE = 'verdict-key';
const PROJECT_DATA_DIR = '.pydebug';
const KEY_BYTES = 32;
/** Far above any real record (a few kB per entry); a bigger file is not one pydebug wrote. */
export const MAX_VERDICTS_BYTES = 1024 * 1024;
/** The record's layout; another one (an older or newer pydebug's) is ignored. */
const VERDICT_FORMAT = 1;

/** What a verdict says: this project and this lock are what the two files' text gives, checked. */
export interface Verdict {
  projectConfig: ProjectConfig;
  lock: Lock;
}

/** The signed part of the record, as JSON (the MAC is over exactly these characters). */
interface VerdictBody {
  format: number;
  /** The pydebug that checked (its version and code: another one may judge differently). */
  pydebug: string;
  config: string;
  lockfile: string;
  /** The verdict's projectConfig, under the field name of format 1. */
  project: ProjectConfig;
  lock: Lock;
}

/** Set by scripts/build.mjs: a hash of the sources dist/ was built from. */
declare const __PYDEBUG_BUILD__: string | undefined;

/**
 * Who checked: this pydebug's version and build (run from the sources, as the tests do, the
 * module's own URL). Two builds of one version may normalize a project differently.
 */
const CHECKER = `${packageJson.version} ${typeof __PYDEBUG_BUILD__ === 'string' ? __PYDEBUG_BUILD__ : import.meta.url}`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A regular file's bytes, read without following a symlink or waiting on a FIFO; undefined for
 * anything else. Synchronous calls under the promise: small files, read before every command
 * (files/read-text.ts, readBounded, says why).
 */
async function readSmallFile(path: string, limit: number): Promise<Buffer | undefined> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const read = readBoundedFd(fd, limit);
    return 'data' in read ? read.data : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The store's verdict key, made when there is none: a new file of 32 random bytes, mode 0600,
 * written under a temporary name and linked into place (link never replaces a file, so two
 * processes agree on the first key, and nobody reads a half-written one). Undefined when the
 * store's cache/ is not a real directory, the key is not a regular file of 32 bytes, or it
 * cannot be made: then no verdict is read or written.
 */
export async function verdictKey(cacheDir: string, create: boolean): Promise<Buffer | undefined> {
  if (!(await existsNoFollow(cacheDir, 'dir'))) return undefined;
  const path = join(cacheDir, VERDICT_KEY_FILE);
  const existing = await readSmallFile(path, KEY_BYTES);
  if (existing !== undefined) return existing.length === KEY_BYTES ? existing : undefined;
  if (!create) return undefined;
  const tmp = join(cacheDir, `.${VERDICT_KEY_FILE}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      await handle.writeFile(randomBytes(KEY_BYTES));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(tmp, path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  } catch {
    return undefined;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  const made = await readSmallFile(path, KEY_BYTES);
  return made?.length === KEY_BYTES ? made : undefined;
}

function mac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('hex');
}

function verdictsPath(projectDir: string): string {
  return join(projectDir, PROJECT_DATA_DIR, VERDICTS_FILE);
}

/**
 * The verdict recorded for exactly this pydebug.yml text and pydebug.lock text, signed with
 * `key`; undefined for anything else (see the top of this file).
 */
export async function readVerdict(projectDir: string, key: Buffer, configText: string, lockText: string): Promise<Verdict | undefined> {
  if (!(await existsNoFollow(join(projectDir, PROJECT_DATA_DIR), 'dir'))) return undefined;
  const bytes = await readSmallFile(verdictsPath(projectDir), MAX_VERDICTS_BYTES);
  if (bytes === undefined) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(record) || typeof record.body !== 'string' || typeof record.mac !== 'string' || !/^[0-9a-f]{64}$/.test(record.mac)) return undefined;
  if (!timingSafeEqual(Buffer.from(mac(key, record.body), 'hex'), Buffer.from(record.mac, 'hex'))) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return undefined;
  }
  if (!isObject(body) || body.format !== VERDICT_FORMAT || body.pydebug !== CHECKER) return undefined;
  if (body.config !== sha256(configText) || body.lockfile !== sha256(lockText)) return undefined;
  if (!isObject(body.project) || !isObject(body.lock)) return undefined;
  return { projectConfig: body.project as unknown as ProjectConfig, lock: body.lock as unknown as Lock };
}

/**
 * Records that `lockText` is current with `configText`, which give `verdict`. Best effort: a
 * project whose .pydebug/ is not a real directory gets none, and a failed write leaves the
 * previous record (or none); it never fails the command.
 */
export async function writeVerdict(projectDir: string, key: Buffer, configText: string, lockText: string, verdict: Verdict): Promise<boolean> {
  const dir = join(projectDir, PROJECT_DATA_DIR);
  if (!(await existsNoFollow(dir, 'dir'))) return false;
  const body: VerdictBody = { format: VERDICT_FORMAT, pydebug: CHECKER, config: sha256(configText), lockfile: sha256(lockText), project: verdict.projectConfig, lock: verdict.lock };
  const bodyText = JSON.stringify(body);
  const text = `${JSON.stringify({ body: bodyText, mac: mac(key, bodyText) })}\n`;
  if (text.length > MAX_VERDICTS_BYTES) return false;
  const tmp = join(dir, `.${VERDICTS_FILE}.${process.pid}.${randomUUID()}.tmp`);
  let created = false;
  try {
    const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    created = true;
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await renameInside(projectDir, tmp, verdictsPath(projectDir), 'the lock verdicts');
    return true;
  } catch {
    if (created) await removeInside(projectDir, tmp, "the lock verdicts' temporary copy").catch(() => undefined);
    return false;
  }
}

/** A project's verdicts, for the lock-update functions: see ConfigFile.verdicts. */
export interface LockVerdicts {
  /** The verdict for pydebug.yml's text and the lock's text as they were read, when one was recorded and signed. */
  trusted?: (Verdict & { lockText: string }) | undefined;
  /** Records that the lock of `lockText`, parsed as `lock`, is current with pydebug.yml, which normalizes to `projectConfig` (best effort). */
  remember(projectConfig: ProjectConfig, lockText: string, lock: Lock): Promise<void>;
}

/**
 * The verdicts of the project at `projectDir` for pydebug.yml's `configText`, under the store's
 * cache directory: the recorded one when the lock at `lockPath` holds the text it was recorded
 * with (read as the lock is: through a link, at most MAX_LOCK_BYTES).
 */
export async function lockVerdicts(cacheDir: string, projectDir: string, lockPath: string, configText: string): Promise<LockVerdicts> {
  const key = await verdictKey(cacheDir, false);
  let trusted: LockVerdicts['trusted'];
  if (key !== undefined) {
    const read = await readBounded(lockPath, MAX_LOCK_BYTES).catch(() => undefined);
    if (read !== undefined && 'data' in read) {
      const lockText = read.data.toString('utf8');
      const verdict = await readVerdict(projectDir, key, configText, lockText);
      if (verdict) trusted = { ...verdict, lockText };
    }
  }
  return {
    trusted,
    async remember(projectConfig, lockText, lock) {
      const signing = key ?? (await verdictKey(cacheDir, true));
      if (signing !== undefined) await writeVerdict(projectDir, signing, configText, lockText, { projectConfig, lock });
    },
  };
}

/** Removes the project's verdicts (pydebug clean: what pydebug keeps in .pydebug/ goes with its environments). */
export async function forgetVerdicts(projectDir: string): Promise<void> {
  const path = verdictsPath(projectDir);
  if (!(await existsNoFollow(path, 'file'))) return;
  await removeInside(projectDir, path, 'the lock verdicts');
}
