/**
 * The patterns pydebug.yml's names and versions must match, apart from the schema (schema.ts) so
 * that what only checks a lock against them (lock/validate.ts, on every `run`) does not load zod.
 */
/** CPython release versions: 3.13.2, 3.14.0rc1, 3.15.0a2. */
export const VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?$/;
export const MD5_PATTERN = /^[0-9a-fA-F]{32}$/;
export const SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
/**
 * Variant names become directory names and cache keys: letters, digits, '.', '_', '-',
 * starting with a letter or digit (so never '.', '..', or a path).
 */
export const VARIANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
