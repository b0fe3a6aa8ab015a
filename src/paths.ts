/**
 * Rules for names that come from data (a URL, a lock field) and become one component of a path
 * in the store. Pure: the config and lock layers check names with it before anything touches disk.
 */

/**
 * Why `name` cannot be used as one path segment (a file or directory name taken from data), or
 * undefined when it can: no separators, no `.`/`..`, no NUL or control characters, not empty,
 * at most 255 bytes.
 */
export function segmentProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return `"${name}" is not a file name`;
  if (name.includes('/') || name.includes('\\')) return 'it contains a path separator (/ or \\)';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a NUL or control character';
  if (Buffer.byteLength(name) > 255) return 'it is longer than 255 bytes';
  return undefined;
}
