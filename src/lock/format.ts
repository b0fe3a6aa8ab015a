/**
 * pydebug.lock on disk: JSON with keys sorted at every depth, two-space indent, one trailing
 * newline, so the same lock always has the same bytes and diffs stay readable. Pure.
 */
import * as z from 'zod';
import { MACRO_NAMES, type Lock } from './types.js';
import { canonicalJson } from './canonical.js';

export const LOCK_FILE_NAME = 'pydebug.lock';
const NOTE = 'Written by `pydebug lock` from pydebug.yml. Do not edit: run `pydebug lock` instead.';

export function serializeLock(lock: Lock): string {
  return `${canonicalJson({ '//': NOTE, ...lock }, 2)}\n`;
}

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));

const LockSchema = z.object({
  lock_version: z.number().int(),
  sources: z.record(
    z.string(),
    z.strictObject({ version: z.string(), url: z.string(), file: z.string(), sha256: hex(64), md5: hex(32), size: z.number().int().nonnegative() }),
  ),
  builds: z.record(
    z.string(),
    z.strictObject({
      version: z.string(),
      variant: z.string(),
      configure: z.array(z.string()),
      cflags: z.array(z.string()),
      compiler: z.string().nullable(),
      env: z.record(z.string(), z.string()),
      test: z.union([z.boolean(), z.literal('quick'), z.array(z.string())]),
      slim: z.boolean(),
      expect: z.strictObject({
        abiflags: z.string(),
        macros: z.strictObject(Object.fromEntries(MACRO_NAMES.map((m) => [m, z.boolean()])) as Record<(typeof MACRO_NAMES)[number], z.ZodBoolean>),
        sanitizers: z.array(z.string()),
      }),
      cache_key: z.string(),
    }),
  ),
});

/** Why a lock file could not be read; a stale-lock reason, not a crash. */
export class LockParseError extends Error {}

export function parseLock(text: string): Lock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LockParseError(`it is not valid JSON (${(e as Error).message})`);
  }
  if (data !== null && typeof data === 'object') delete (data as Record<string, unknown>)['//'];
  const parsed = LockSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LockParseError(`${issue.path.join('.') || 'the top level'}: ${issue.message}`);
  }
  return parsed.data;
}
