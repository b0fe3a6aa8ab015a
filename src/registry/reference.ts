/**
 * Names in the registry: where (PYDEBUG_REGISTRY over `registry:`), with which credentials
 * (PYDEBUG_REGISTRY_TOKEN, PYDEBUG_REGISTRY_USER), and the tags and digests manifests are known by.
 * Pure.
 */
import { isRegistryProblem, parseRegistryLocation, type RegistryLocation } from '../config/registry.js';
import { UsageError } from '../errors.js';

export { isLoopbackHost, parseRegistryLocation, type RegistryLocation } from '../config/registry.js';

export interface Credentials {
  /** Any name for ghcr.io; distribution's token servers log it. */
  user: string;
  token: string;
}

/** The user name sent with a token when PYDEBUG_REGISTRY_USER is unset (ghcr.io takes any). */
export const DEFAULT_REGISTRY_USER = 'pydebug';

/**
 * The registry to use: PYDEBUG_REGISTRY when set (checked here, a UsageError naming it when it is
 * not one), else `registry:` from pydebug.yml (checked when the file was loaded), else undefined.
 */
export function effectiveRegistry(env: Record<string, string | undefined>, configRegistry: string | undefined): RegistryLocation | undefined {
  const fromEnv = env.PYDEBUG_REGISTRY?.trim();
  const text = fromEnv || configRegistry;
  if (!text) return undefined;
  const parsed = parseRegistryLocation(text);
  if (isRegistryProblem(parsed)) {
    if (fromEnv) throw new UsageError(`PYDEBUG_REGISTRY is not usable: ${parsed.message}`, { hint: `${parsed.hint} (or unset PYDEBUG_REGISTRY)` });
    throw new UsageError(`registry: ${parsed.message}`, { hint: parsed.hint });
  }
  return parsed;
}

/** PYDEBUG_REGISTRY_TOKEN (with PYDEBUG_REGISTRY_USER), or undefined: anonymous. */
export function registryCredentials(env: Record<string, string | undefined>): Credentials | undefined {
  const token = env.PYDEBUG_REGISTRY_TOKEN?.trim();
  if (!token) return undefined;
  if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new UsageError('PYDEBUG_REGISTRY_TOKEN contains a space or a control character', { hint: 'set it to the token alone, without a newline' });
  const user = env.PYDEBUG_REGISTRY_USER?.trim() || DEFAULT_REGISTRY_USER;
  if (/[:\s\u0000-\u001f\u007f]/.test(user)) throw new UsageError('PYDEBUG_REGISTRY_USER contains a ":", a space or a control character', { hint: 'set it to a plain user name, or unset it' });
  return { user, token };
}

/** OCI tags: at most 128 characters of [A-Za-z0-9_.-], the first not "." or "-". */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** The only digests pydebug makes and accepts. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** Why `tag` cannot be an OCI tag, or undefined when it can. */
export function tagProblem(tag: string): string | undefined {
  if (tag.length === 0) return 'it is empty';
  if (tag.length > 128) return `it has ${tag.length} characters, and a tag has at most 128`;
  if (!TAG_PATTERN.test(tag)) return 'a tag is letters, digits, "_", "." and "-", not starting with "." or "-"';
  return undefined;
}

export function isDigest(ref: string): boolean {
  return DIGEST_PATTERN.test(ref);
}

/** The hex part of a sha256:<hex> digest. */
export function digestHex(digest: string): string {
  if (!isDigest(digest)) throw new Error(`internal: not a sha256 digest: ${digest}`);
  return digest.slice('sha256:'.length);
}
