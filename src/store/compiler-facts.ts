/**
 * What `cc --version` and `cc -dumpmachine` said, remembered per compiler executable, so that
 * which, run and list (which need the machine part of every entry key) do not start the
 * compiler twice on every call (20-40 ms of a `which`). The record is keyed by everything that
 * decides the answer: the command, PATH (a ccache masquerade dir finds the real compiler there),
 * and the executable the command resolves to, by real path and stat fields, so an upgrade,
 * another `update-alternatives` choice or a new compiler earlier on PATH is asked again. Kept in
 * the store's cache/ folder; a record that is not one is ignored and asked again. The machine's C
 * library is kept in the record too, and its file (platform/compiler.ts, libcFile) is part of the
 * record's name: a C library upgraded or replaced is a record not found, and everything is asked
 * again. Where that file cannot be told, the C library is not kept, and is read every time.
 */
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { lstat, rm, writeFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { renameInside } from '../files/contained.js';
import { readBounded } from '../files/read-text.js';
import { type CompilerFacts, libcFile } from '../platform/index.js';

const RECORD_LIMIT = 16 * 1024;
const RECORD_VERSION = 2;

/** The executable `command` runs, as a shell would find it on `path`, or undefined. */
export function resolveProgram(command: string, path: string | undefined, cwd: string): string | undefined {
  const candidates = command.includes('/') ? [resolve(cwd, command)] : (path ?? '').split(delimiter).flatMap((d) => (d && isAbsolute(d) ? [join(d, command)] : []));
  for (const c of candidates) {
    const st = statSync(c, { throwIfNoEntry: false });
    if (st?.isFile() && (st.mode & 0o111) !== 0) return c;
  }
  return undefined;
}

/** The record's name for this compiler as it is now, or undefined when it cannot be found (then it is not cached). */
export function compilerRecordName(command: string, path: string | undefined, cwd: string, libc = libcFile()): string | undefined {
  const found = resolveProgram(command, path, cwd);
  if (found === undefined) return undefined;
  try {
    const real = realpathSync(found);
    const st = statSync(real, { bigint: true });
    const identity = [RECORD_VERSION, command, path ?? '', found, real, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs, libc ?? 'no C library file'].join('\0');
    return `compiler-${createHash('sha256').update(identity).digest('hex').slice(0, 32)}.json`;
  } catch {
    return undefined;
  }
}

function isFacts(value: unknown): value is CompilerFacts {
  const v = value as Partial<CompilerFacts> | null;
  if (typeof v !== 'object' || v === null || typeof v.version !== 'string' || typeof v.target !== 'string') return false;
  if (v.libc !== undefined && typeof v.libc !== 'string') return false;
  return !/[\n\r]/.test(v.version + v.target + (v.libc ?? ''));
}

export async function readCompilerFacts(dir: string, name: string): Promise<CompilerFacts | undefined> {
  try {
    const read = await readBounded(join(dir, name), RECORD_LIMIT);
    if (!('data' in read)) return undefined;
    const parsed: unknown = JSON.parse(read.data.toString('utf8'));
    if (!isFacts(parsed)) return undefined;
    return { version: parsed.version, target: parsed.target, ...(parsed.libc === undefined ? {} : { libc: parsed.libc }) };
  } catch {
    return undefined;
  }
}

/** Best effort, a new file renamed into place; only into a cache/ folder the store made (a real directory). */
export async function writeCompilerFacts(dir: string, name: string, facts: CompilerFacts): Promise<void> {
  const temp = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  try {
    if (!(await lstat(dir)).isDirectory()) return;
    await writeFile(temp, `${JSON.stringify(facts)}\n`, { flag: 'wx' });
    await renameInside(dir, temp, join(dir, name), 'a compiler record');
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}
