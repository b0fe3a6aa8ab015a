/**
 * A manifest is checked by hand (manifestOf in manifest.ts) so that `run` and `which` do not
 * load zod; the zod schema (manifest-schema.ts) says what is wrong with one that fails. The
 * hand check must never take what the schema rejects, and must return what the schema returns
 * for the manifests it takes (fields the schema does not name dropped).
 */
import { describe, expect, it } from 'vitest';
import { manifestOf } from '../../src/store/manifest.js';
import { ManifestSchema } from '../../src/store/manifest-schema.js';
import { manifestOf as builtManifest } from '../support/manifest.js';

const plain = builtManifest({ id: '3.13.2-debug', entryKey: 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-abcd1234', lockKey: 'k', prefix: '/store/e' });
const sha = 'a'.repeat(64);
const full = {
  ...plain,
  cpu: { make: { user: 90.5, sys: 4 } },
  files: { log: 'share/pydebug/build.log', valgrind_suppressions: 'share/pydebug/valgrind.supp', sanitizer_suppressions: { TSAN_OPTIONS: 'share/pydebug/tsan.supp' } },
  slim: { removed_bytes: 10, removed: 2 },
  contents: { list: 'share/pydebug/files.sha256', list_sha256: sha, core: { 'bin/python3': { sha256: sha, bytes: 100, kind: 'f' }, 'bin/python': { sha256: sha, bytes: 7, kind: 'l' } } },
  relocation: {
    built_prefix: '/old',
    built_list_sha256: sha,
    relocated_at: '2026-01-02T00:00:00Z',
    files: { 'bin/idle3': { how: 'shebang', built: { sha256: sha, bytes: 1 }, now: { sha256: sha, bytes: 2 } } },
    kept: { 'lib/x.so': 'binary' },
    kept_bytecode: 3,
  },
};
type Json = Record<string, unknown>;
/** `full` with `path` (dotted) set to `value`, or removed when `value` is `undefined` and `remove` is set. */
function withField(path: string, value: unknown, remove = false): Json {
  const copy = structuredClone(full) as Json;
  const keys = path.split('.');
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Json;
  if (remove) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
  return copy;
}

const accepted: Array<[name: string, value: unknown]> = [
  ['a plain manifest', plain],
  ['one with every optional field', full],
  ['no cpu', withField('cpu', undefined, true)],
  ['no relocation', withField('relocation', undefined, true)],
  ['manifest_version fractional (only a number)', withField('manifest_version', 1.5)],
  // As builds write them: proven.git and proven.options are not in the schema.
  ['fields the schema does not name, dropped', withField('proven', { ...full.proven, git: { commit: 'c' }, options: {} })],
  ['an unknown top-level field, dropped', withField('extra', 1)],
  ['an unknown field in a core record, dropped', withField('contents.core', { 'bin/python3': { sha256: sha, bytes: 1, kind: 'f', mode: 493 } })],
];
const rejected: Array<[name: string, value: unknown]> = [
  ['null', null],
  ['an array', [full]],
  ['no entry_key', withField('entry_key', undefined, true)],
  ['entry_key a number', withField('entry_key', 1)],
  ['no lock_key', withField('lock_key', undefined, true)],
  ['configure a string', withField('configure', '--with-pydebug')],
  ['configure with a number', withField('configure', ['a', 1])],
  ['a macro missing', withField('expect.macros.NDEBUG', undefined, true)],
  ['a macro not boolean', withField('proven.macros.Py_DEBUG', 'yes')],
  ['evidence not strings', withField('proven.evidence', { a: 1 })],
  ['env an array', withField('env', ['A=1'])],
  ['timings a string', withField('timings.total', '600')],
  ['cpu without sys', withField('cpu.make', { user: 1 })],
  ['size negative', withField('size.bytes', -1)],
  ['size fractional', withField('size.files', 1.5)],
  ['no files.log', withField('files.log', undefined, true)],
  ['a suppression variable that is not one', withField('files.sanitizer_suppressions', { PATH: '/x' })],
  ['slim without removed', withField('slim', { removed_bytes: 1 })],
  ['list_sha256 upper case', withField('contents.list_sha256', 'A'.repeat(64))],
  ['list_sha256 short', withField('contents.list_sha256', 'a'.repeat(63))],
  ['a core kind d', withField('contents.core', { 'bin/python3': { sha256: sha, bytes: 1, kind: 'd' } })],
  ['a core record without bytes', withField('contents.core', { 'bin/python3': { sha256: sha, kind: 'f' } })],
  ['a relocation how that is not one', withField('relocation.files', { x: { how: 'binary', built: { sha256: sha, bytes: 1 }, now: { sha256: sha, bytes: 1 } } })],
  ['kept_bytecode missing', withField('relocation.kept_bytecode', undefined, true)],
  ['kept not strings', withField('relocation.kept', { x: 1 })],
  ['relocation null', withField('relocation', null)],
  ['compiler without target', withField('compiler', { name: 'gcc', version: '13' })],
];
describe('manifestOf', () => {
  it.each(accepted)('takes what the zod schema takes, as it returns it: %s', (_name, value) => {
    const expected = ManifestSchema.safeParse(value);
    expect(expected.success).toBe(true);
    expect(manifestOf(value)).toStrictEqual(expected.data);
  });

  it.each(rejected)('rejects what the zod schema rejects: %s', (_name, value) => {
    expect(ManifestSchema.safeParse(value).success).toBe(false);
    expect(manifestOf(value)).toBeUndefined();
  });
});
