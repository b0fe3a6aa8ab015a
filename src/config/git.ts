/**
 * Rules for git sources in pydebug.yml and pydebug.lock: repository URLs, refs (git's own
 * check-ref-format rules), entry names, commits, and the version in Include/patchlevel.h. Pure:
 * the git calls live in src/source/git.ts, which gets only values these rules accepted.
 */

/** A full commit id, as the lock pins it. */
export const COMMIT_PATTERN = /^[0-9a-f]{40}$/;

/**
 * Names of git sources: entry ids are <name>-<variant> and split at the first "-", and the name
 * is a --python value, so letters, digits, "." and "_", starting with a letter or digit.
 */
export const SOURCE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._]{0,63}$/;

/** PY_VERSION of a CPython checkout: a release version, "+" after it between releases (3.16.0a2+). */
export const CHECKOUT_VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?\+?$/;

const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f]/;

/**
 * Why `ref` is not a ref name by `git check-ref-format --allow-onelevel`, or undefined. A ref
 * starting with "-" is refused too: git would read it as an option.
 */
export function refFormatProblem(ref: string): string | undefined {
  if (ref === '') return 'it is empty';
  if (ref.startsWith('-')) return 'it starts with "-", which git would read as an option';
  if (CONTROL_OR_SPACE.test(ref)) return 'it contains a space or a control character';
  const forbidden = [...ref].find((c) => '~^:?*[\\'.includes(c));
  if (forbidden) return `it contains "${forbidden}"`;
  if (ref.includes('..')) return 'it contains ".."';
  if (ref.includes('@{')) return 'it contains "@{"';
  if (ref === '@') return 'it is "@"';
  if (ref.startsWith('/') || ref.endsWith('/')) return 'it starts or ends with "/"';
  if (ref.includes('//')) return 'it contains "//"';
  if (ref.endsWith('.')) return 'it ends with "."';
  for (const component of ref.split('/')) {
    if (component.startsWith('.')) return `its component "${component}" starts with "."`;
    if (component.endsWith('.lock')) return `its component "${component}" ends with ".lock"`;
  }
  return undefined;
}

/**
 * Why `url` cannot be a git source's repository, or undefined: https://, http://, git:// and
 * file:// URLs, or a local path (absolute, or ./ ../ relative to pydebug.yml). Anything else could
 * reach one of git's other transports (ext::, scp-like ssh "host:path") or be read as an option.
 */
export function gitUrlProblem(url: string): string | undefined {
  if (url.startsWith('-')) return 'it starts with "-", which git would read as an option';
  if (CONTROL_OR_SPACE.test(url)) return 'it contains a space or a control character';
  if (/^(https?|git):\/\/[^/]/.test(url) || url.startsWith('file:///')) return undefined;
  if (url.startsWith('/') || url.startsWith('./') || url.startsWith('../')) return url.includes(':') ? 'a local path must not contain ":" (git would read host:path as ssh)' : undefined;
  return 'it is neither an https://, http://, git:// or file:// URL nor a local path (/..., ./... or ../...)';
}

/** The version a CPython tree's Include/patchlevel.h declares (PY_VERSION), or undefined. */
export function patchlevelVersion(text: string): string | undefined {
  const m = /^#define[ \t]+PY_VERSION[ \t]+"([^"\n]*)"/m.exec(text);
  return m && CHECKOUT_VERSION_PATTERN.test(m[1]!) ? m[1] : undefined;
}
