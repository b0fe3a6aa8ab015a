import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/config/registry.ts
var EXAMPLE = "e.g. registry: ghcr.io/<owner>/<name>";
var COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
var HOSTNAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
var MAX_REPOSITORY = 255;
function isLoopbackHost(hostname) {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4?.slice(1).every((o) => Number(o) <= 255) ?? false;
}
function parseRegistryLocation(text) {
  const raw = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    return {
      message: `registry ${JSON.stringify(raw)} has a scheme`,
      hint: `write host/owner/name without http:// or https:// (loopback hosts are spoken to over http, all others over https), ${EXAMPLE}`
    };
  }
  if (/[\s\u0000-\u001f\u007f@?#\\]/.test(raw)) {
    return { message: `registry ${JSON.stringify(raw)} contains a space, control character, @, ?, # or \\`, hint: `write host/owner/name, ${EXAMPLE}; credentials go in PYDEBUG_REGISTRY_TOKEN` };
  }
  const slash = raw.indexOf("/");
  if (slash <= 0 || slash === raw.length - 1) {
    return { message: `registry ${JSON.stringify(raw)} names no repository`, hint: `write the host and the repository: host/owner/name, ${EXAMPLE}` };
  }
  const host = raw.slice(0, slash);
  const repository = raw.slice(slash + 1);
  let hostname;
  let port;
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(host);
  if (v6) {
    hostname = v6[1];
    port = v6[2];
  } else {
    const m = /^([^:]+)(?::(\d+))?$/.exec(host);
    if (!m || !HOSTNAME.test(m[1])) return { message: `registry ${JSON.stringify(raw)}: ${JSON.stringify(host)} is not a host name (with an optional :port)`, hint: EXAMPLE };
    hostname = m[1];
    port = m[2];
  }
  if (port !== void 0 && (Number(port) < 1 || Number(port) > 65535 || !/^[1-9]\d*$/.test(port))) {
    return { message: `registry ${JSON.stringify(raw)} names port ${port}`, hint: "give a port from 1 to 65535, or leave it out (https: 443)" };
  }
  if (repository.length > MAX_REPOSITORY) return { message: `registry ${JSON.stringify(raw)}: the repository name is longer than ${MAX_REPOSITORY} characters`, hint: "pick a shorter name" };
  const bad = repository.split("/").find((c) => !COMPONENT.test(c));
  if (bad !== void 0) {
    return {
      message: `registry ${JSON.stringify(raw)}: ${JSON.stringify(bad)} cannot be part of a repository name`,
      hint: 'repository names are lower-case letters and digits, separated by ".", "_", "__" or "-", and "/" between parts, e.g. ghcr.io/my-org/pydebug-entries'
    };
  }
  return { host: host.toLowerCase(), hostname: hostname.toLowerCase(), repository, scheme: isLoopbackHost(hostname) ? "http" : "https", display: `${host.toLowerCase()}/${repository}` };
}
function isRegistryProblem(r) {
  return "message" in r;
}

export {
  isLoopbackHost,
  parseRegistryLocation,
  isRegistryProblem
};
