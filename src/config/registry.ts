/**
 * Where entries are shared: `registry: host[:port]/owner/name` in pydebug.yml, or
 * PYDEBUG_REGISTRY. Pure: the text becomes a RegistryLocation (host, repository, scheme) or a
 * problem with its fix. Plain HTTP only for a loopback host (127.0.0.0/8, ::1, localhost), as
 * docker allows for localhost; every other registry is spoken to over https.
 */

export interface RegistryLocation {
  /** host[:port] as written (IPv6 in brackets): what /v2/ URLs are built on. */
  host: string;
  /** The host name alone (no port, no brackets). */
  hostname: string;
  /** The repository inside the registry, e.g. "pydebug/entries". */
  repository: string;
  scheme: 'http' | 'https';
  /** host/repository as the user wrote it, for messages. */
  display: string;
}

export interface RegistryProblem {
  message: string;
  hint: string;
}

const EXAMPLE = 'e.g. registry: ghcr.io/<owner>/<name>';
/** One path component of an OCI repository name (distribution's reference grammar). */
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const HOSTNAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** Distribution's limit on a repository name (host aside). */
const MAX_REPOSITORY = 255;

/** Whether `hostname` is the machine itself: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4?.slice(1).every((o) => Number(o) <= 255) ?? false;
}

/** The location `text` names, or why it names none. */
export function parseRegistryLocation(text: string): RegistryLocation | RegistryProblem {
  const raw = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    return {
      message: `registry ${JSON.stringify(raw)} has a scheme`,
      hint: `write host/owner/name without http:// or https:// (loopback hosts are spoken to over http, all others over https), ${EXAMPLE}`,
    };
  }
  if (/[\s\u0000-\u001f\u007f@?#\\]/.test(raw)) {
    return { message: `registry ${JSON.stringify(raw)} contains a space, control character, @, ?, # or \\`, hint: `write host/owner/name, ${EXAMPLE}; credentials go in PYDEBUG_REGISTRY_TOKEN` };
  }
  const slash = raw.indexOf('/');
  if (slash <= 0 || slash === raw.length - 1) {
    return { message: `registry ${JSON.stringify(raw)} names no repository`, hint: `write the host and the repository: host/owner/name, ${EXAMPLE}` };
  }
  const host = raw.slice(0, slash);
  const repository = raw.slice(slash + 1);
  let hostname: string;
  let port: string | undefined;
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(host);
  if (v6) {
    hostname = v6[1]!;
    port = v6[2];
  } else {
    const m = /^([^:]+)(?::(\d+))?$/.exec(host);
    if (!m || !HOSTNAME.test(m[1]!)) return { message: `registry ${JSON.stringify(raw)}: ${JSON.stringify(host)} is not a host name (with an optional :port)`, hint: EXAMPLE };
    hostname = m[1]!;
    port = m[2];
  }
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535 || !/^[1-9]\d*$/.test(port))) {
    return { message: `registry ${JSON.stringify(raw)} names port ${port}`, hint: 'give a port from 1 to 65535, or leave it out (https: 443)' };
  }
  if (repository.length > MAX_REPOSITORY) return { message: `registry ${JSON.stringify(raw)}: the repository name is longer than ${MAX_REPOSITORY} characters`, hint: 'pick a shorter name' };
  const bad = repository.split('/').find((c) => !COMPONENT.test(c));
  if (bad !== undefined) {
    return {
      message: `registry ${JSON.stringify(raw)}: ${JSON.stringify(bad)} cannot be part of a repository name`,
      hint: 'repository names are lower-case letters and digits, separated by ".", "_", "__" or "-", and "/" between parts, e.g. ghcr.io/my-org/pydebug-entries',
    };
  }
  return { host: host.toLowerCase(), hostname: hostname.toLowerCase(), repository, scheme: isLoopbackHost(hostname) ? 'http' : 'https', display: `${host.toLowerCase()}/${repository}` };
}

export function isRegistryProblem(r: RegistryLocation | RegistryProblem): r is RegistryProblem {
  return 'message' in r;
}
