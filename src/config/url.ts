/**
 * Checks for the URLs in pydebug.yml and PYDEBUG_MIRROR. A source's url is data that becomes a
 * path: its last segment, percent-decoded, is the tarball's file name in the store, so it must be
 * one plain path segment. Pure (no node:url: the checks mirror what fileURLToPath refuses).
 */
import { segmentProblem } from '../paths.js';

/** Where python.org keeps its release tarballs (and the layout a mirror copies). */
export const PYTHON_ORG_FTP = 'https://www.python.org/ftp/python';

/**
 * The directory python.org keeps a release in: its base version, so pre-releases sit beside the
 * final release (3.15.0a2 in 3.15.0/), as pyenv's definitions and manylinux use them.
 */
export function releaseDirectory(version: string): string {
  return /^\d+\.\d+\.\d+/.exec(version)?.[0] ?? version;
}

export function defaultTarballUrl(version: string): string {
  return `${PYTHON_ORG_FTP}/${releaseDirectory(version)}/Python-${version}.tgz`;
}

export interface UrlProblem {
  message: string;
  hint: string;
}

const TARBALL_NAME = /\.(tgz|tar\.gz|tar\.xz|tar\.bz2|tar\.zst)$/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The tarball's file name: the url's last segment, percent-decoded; undefined when an escape is malformed. */
export function urlFileName(url: string): string | undefined {
  try {
    return decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  } catch {
    return undefined;
  }
}

function parse(url: string): URL | UrlProblem {
  try {
    return new URL(url);
  } catch {
    return {
      message: `${JSON.stringify(url)} is not a valid URL`,
      hint: 'check the host name and the port (1-65535), e.g. https://www.python.org/ftp/python',
    };
  }
}

/** The parsed URL, or why pydebug cannot download from it. */
function parseDownloadUrl(url: string): URL | UrlProblem {
  const parsed = parse(url);
  if (!(parsed instanceof URL)) return parsed;
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) {
    return { message: `${JSON.stringify(url)} is not an http://, https:// or file:// URL`, hint: 'pydebug downloads over http(s) or reads a local file:// URL' };
  }
  if (parsed.port === '0') return { message: `${JSON.stringify(url)} names port 0, which nothing listens on`, hint: "leave the port out, or give the server's port" };
  return parsed;
}

/** What fileURLToPath would refuse, said in terms of the URL. */
function fileUrlProblem(url: string, parsed: URL): UrlProblem | undefined {
  if (parsed.host !== '' && parsed.host !== 'localhost') {
    return {
      message: `${JSON.stringify(url)} names a host (${parsed.host}); a file:// URL names a local directory`,
      hint: `write three slashes: file:///${parsed.host}${parsed.pathname}`,
    };
  }
  if (/%2f|%5c/i.test(parsed.pathname)) {
    return { message: `${JSON.stringify(url)} contains an encoded path separator (%2F or %5C)`, hint: 'write the directory with plain slashes' };
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { message: `${JSON.stringify(url)} has a malformed percent escape`, hint: 'write a literal % as %25, or use the plain directory path instead of a file:// URL' };
  }
  if (CONTROL_CHARACTER.test(path)) return { message: `${JSON.stringify(url)} decodes to a path with a NUL or control character`, hint: 'remove the %00..%1F escapes' };
  return undefined;
}

/** Why `url` cannot be a source's url (declared for `version`), or undefined when it can. */
export function sourceUrlProblem(url: string, version: string): UrlProblem | undefined {
  const parsed = parseDownloadUrl(url);
  if (!(parsed instanceof URL)) return parsed;
  const example = `https://www.python.org/ftp/python/${releaseDirectory(version)}/Python-${version}.tar.xz`;
  const file = urlFileName(url);
  if (file === undefined) {
    return {
      message: "url has a malformed percent escape in its last segment (the tarball's file name)",
      hint: `write a literal % as %25; the last segment must be the tarball's name, e.g. ${example}`,
    };
  }
  const problem = segmentProblem(file);
  if (problem) {
    return {
      message: `url gives the file name ${JSON.stringify(file)}, which cannot be used: ${problem}`,
      hint: `the url's last segment is the tarball's file name in the store: make it a plain name (no %2F, %5C, .. or control characters), e.g. ${example}`,
    };
  }
  if (!TARBALL_NAME.test(file)) {
    return { message: 'url must end with a source tarball name (.tgz, .tar.gz, .tar.xz, .tar.bz2)', hint: `for example ${example}` };
  }
  return parsed.protocol === 'file:' ? fileUrlProblem(url, parsed) : undefined;
}

/**
 * A relative directory, as a shell user writes one (`mirror`, `./mirror`, `../tarballs`): no
 * scheme or drive (no ":") and no `~`, which only a shell expands.
 */
export function isRelativeDirectory(mirror: string): boolean {
  return !mirror.startsWith('/') && !mirror.startsWith('~') && !mirror.includes(':');
}

/**
 * Why `mirror` (PYDEBUG_MIRROR or `mirror:`) cannot be used, or undefined when it can; the message
 * shows no credentials. `relative`: a relative directory is allowed (pydebug.yml's `mirror:`,
 * resolved against the file's directory when used).
 */
export function mirrorProblem(mirror: string, relative = false): UrlProblem | undefined {
  const problem = mirrorProblemShown(mirror, relative);
  return problem && { ...problem, message: redactUserInfo(problem.message) };
}

function mirrorProblemShown(mirror: string, relative: boolean): UrlProblem | undefined {
  if (relative && isRelativeDirectory(mirror)) {
    return CONTROL_CHARACTER.test(mirror) ? { message: 'the mirror directory contains a NUL or control character', hint: "give the directory's plain path" } : undefined;
  }
  if (relative && !/^(https?|file):\/\//.test(mirror)) {
    return {
      message: `mirror ${JSON.stringify(mirror)} is neither a URL nor a directory`,
      hint: "use an http(s):// or file:// URL, or a directory (absolute, or relative to pydebug.yml's directory; `~` is not expanded), laid out as <version>/<file> like python.org/ftp/python",
    };
  }
  if (mirror.startsWith('/')) {
    return CONTROL_CHARACTER.test(mirror) ? { message: 'the mirror directory contains a NUL or control character', hint: "give the directory's plain absolute path" } : undefined;
  }
  if (!/^(https?|file):\/\/\S+$/.test(mirror)) {
    return {
      message: `mirror ${JSON.stringify(mirror)} is neither a URL nor an absolute directory`,
      hint: 'use an http(s):// or file:// URL, or an absolute path, laid out as <version>/<file> like python.org/ftp/python',
    };
  }
  const parsed = parseDownloadUrl(mirror);
  if (!(parsed instanceof URL)) return parsed;
  return parsed.protocol === 'file:' ? fileUrlProblem(mirror, parsed) : undefined;
}

/** scheme://userinfo@ as it appears in a URL: the user info runs to the first @ before the host's end. */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s@]*)@/gi;

/**
 * `text` with the password of every URL in it replaced by *** (`https://user:***@host/`), and a
 * user name given without a password too, since that is where a token goes
 * (`https://***@host/`). Every message and log line that shows a URL passes through this: a
 * mirror's credentials (PYDEBUG_MIRROR='https://user:secret@host/python') never reach a log.
 */
export function redactUserInfo(text: string): string {
  return text.replace(USER_INFO, (_all, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    return colon === -1 ? `${scheme}***@` : `${scheme}${info.slice(0, colon)}:***@`;
  });
}
