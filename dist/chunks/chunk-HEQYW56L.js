import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  entryId
} from "./chunk-BE4EDCZ3.js";
import {
  VARIANT_NAME_PATTERN,
  VERSION_PATTERN
} from "./chunk-MXRQTLAU.js";
import {
  DIGEST_PATTERN,
  MACHINE_KEY_PATTERN,
  isGitSource
} from "./chunk-G6Z3WR3T.js";
import {
  CHECKOUT_VERSION_PATTERN,
  COMMIT_PATTERN,
  SOURCE_NAME_PATTERN,
  gitUrlProblem,
  refFormatProblem
} from "./chunk-7EBBVXHX.js";
import {
  segmentProblem
} from "./chunk-HEHMV332.js";

// src/lock/validate.ts
function sourceProblems(key, source) {
  if (isGitSource(source)) return gitSourceProblems(key, source);
  const at = `sources.${key}`;
  const problems = [];
  if (!VERSION_PATTERN.test(key)) problems.push(`${at}: "${key}" is not a CPython version such as "3.13.2"`);
  else if (source.version !== key) problems.push(`${at}.version is "${source.version}", but the source is listed under ${key}`);
  const file = segmentProblem(source.file);
  if (file) problems.push(`${at}.file "${source.file}" is not one path segment: ${file}`);
  return problems;
}
function gitSourceProblems(key, source) {
  const at = `sources.${key}`;
  const problems = [];
  if (!SOURCE_NAME_PATTERN.test(key) || VERSION_PATTERN.test(key)) problems.push(`${at}: "${key}" is not a git source name (letters, digits, "." and "_")`);
  const url = gitUrlProblem(source.git);
  if (url) problems.push(`${at}.git ${JSON.stringify(source.git)} cannot be used: ${url}`);
  const ref = refFormatProblem(source.ref);
  if (ref) problems.push(`${at}.ref ${JSON.stringify(source.ref)} is not a git ref name: ${ref}`);
  if (!COMMIT_PATTERN.test(source.commit)) problems.push(`${at}.commit "${source.commit}" is not a full commit id (40 hexadecimal digits)`);
  if (!CHECKOUT_VERSION_PATTERN.test(source.version)) problems.push(`${at}.version "${source.version}" is not a CPython version such as "3.16.0a2+"`);
  return problems;
}
function splitId(id) {
  const dash = id.indexOf("-");
  return dash > 0 ? { version: id.slice(0, dash), variant: id.slice(dash + 1) } : void 0;
}
function buildProblems(id, build, sources) {
  const at = `builds.${id}`;
  const named = splitId(id);
  if (!named) return [`${at}: "${id}" is not an entry id <version>-<variant> such as "3.13.2-debug"`];
  const problems = [];
  if (!VERSION_PATTERN.test(build.source) && !SOURCE_NAME_PATTERN.test(build.source)) problems.push(`${at}.source "${build.source}" is not a CPython version such as "3.13.2" or a git source name`);
  else if (build.source !== named.version) problems.push(`${at}.source is "${build.source}", but the entry's id ${id} says "${named.version}"`);
  else if (!sources[build.source]) problems.push(`${at}.source is ${build.source}, which has no entry in sources`);
  if (!VARIANT_NAME_PATTERN.test(build.variant)) {
    problems.push(`${at}.variant "${build.variant}" is not a variant name (letters, digits, ".", "_" and "-", starting with a letter or digit)`);
  } else if (build.variant !== named.variant) {
    problems.push(`${at}.variant is "${build.variant}", but the entry's id ${id} says "${named.variant}"`);
  }
  if (!new RegExp(`^${escapeRegExp(entryId(named.version, named.variant))}-[0-9a-f]{16}$`).test(build.lock_key)) {
    problems.push(`${at}.lock_key "${build.lock_key}" is not "${id}-" followed by 16 hexadecimal digits`);
  }
  for (const [machine, digest] of Object.entries(build.artifacts ?? {})) {
    if (!MACHINE_KEY_PATTERN.test(machine)) problems.push(`${at}.artifacts: "${machine}" is not the machine part of an entry key ("<os>-<arch>-<8 hex>", e.g. "linux-x64-4cd28a0d")`);
    if (!DIGEST_PATTERN.test(digest)) problems.push(`${at}.artifacts.${machine} "${digest}" is not a manifest digest ("sha256:" and 64 hexadecimal digits)`);
  }
  return problems;
}
var escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function lockProblems(lock) {
  return [...Object.entries(lock.sources).flatMap(([key, source]) => sourceProblems(key, source)), ...Object.entries(lock.builds).flatMap(([id, build]) => buildProblems(id, build, lock.sources))];
}

export {
  sourceProblems,
  lockProblems
};
