import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  lockPathFor,
  readLockFile,
  writeLockFile
} from "./chunk-ZHYB3AII.js";
import {
  assembleLock,
  entryKeyFor,
  lockKeyFor,
  lockedSourceFor,
  recordedPins,
  resolveBuild
} from "./chunk-CMRS4EB4.js";
import {
  versionIssues
} from "./chunk-TEGKQ2VS.js";
import {
  closest
} from "./chunk-VPUCQOA5.js";
import {
  lockProblems
} from "./chunk-HEQYW56L.js";
import {
  serializeLock,
  serializePreviousLock
} from "./chunk-6NEIK3EF.js";
import {
  canonicalJson,
  declaredLockVersion
} from "./chunk-TVN4UCCV.js";
import {
  findVariant,
  isGitSpec,
  sourceKey
} from "./chunk-BE4EDCZ3.js";
import {
  LOCK_VERSION,
  isGitSource
} from "./chunk-G6Z3WR3T.js";
import {
  PydebugError,
  UsageError
} from "./chunk-4QVF5WYY.js";

// src/lock/stale.ts
function earlierFormat(version, sortedKeys) {
  const order = sortedKeys ? ", its keys sorted alphabetically" : "";
  return {
    subject: "lock",
    reason: `it is in lock format version ${version}${order}, as an earlier pydebug wrote it: rewritten as version ${LOCK_VERSION} (the format does not change the lock keys)`,
    needsDownload: false,
    earlierFormat: { version, sortedKeys }
  };
}
var show = (v) => Array.isArray(v) ? v.length ? v.join(" ") : "(none)" : canonicalJson(v);
function sourceReasons(spec, locked) {
  const reasons = [];
  const key = sourceKey(spec);
  const stale = (reason) => reasons.push({ subject: key, reason, needsDownload: true });
  if (isGitSpec(spec)) {
    if (!isGitSource(locked)) return [{ subject: key, reason: `python ${key} is a git source in pydebug.yml but a release in the lock`, needsDownload: true }];
    if (locked.git !== spec.git) stale(`git changed: lock has ${locked.git}, pydebug.yml has ${spec.git}`);
    if (locked.ref !== spec.ref) stale(`ref changed: lock has ${locked.ref}, pydebug.yml has ${spec.ref}`);
    return reasons;
  }
  if (isGitSource(locked)) return [{ subject: key, reason: `python ${key} is a release in pydebug.yml but a git source in the lock`, needsDownload: true }];
  if (locked.url !== spec.url) stale(`url changed: lock has ${locked.url}, pydebug.yml has ${spec.url}`);
  if (spec.md5 && spec.md5 !== locked.md5) stale(`md5 in pydebug.yml (${spec.md5}) differs from the lock (${locked.md5})`);
  if (spec.sha256 && spec.sha256 !== locked.sha256) stale(`sha256 in pydebug.yml (${spec.sha256}) differs from the lock (${locked.sha256})`);
  const expected = spec.sigstore || void 0;
  const signer = (i) => `${i.identity} (${i.issuer})`;
  if (expected && locked.sigstore && signer(locked.sigstore) !== signer(expected)) {
    stale(`sigstore identity changed: lock verified ${signer(locked.sigstore)}, pydebug.yml expects ${signer(expected)}`);
  } else if (expected && !locked.sigstore && !spec.md5 && !spec.sha256) {
    stale(`no checksum in pydebug.yml and the lock does not record a Sigstore verification by ${signer(expected)}`);
  }
  return reasons;
}
function sourceStaleReasons(projectConfig, lock) {
  const reasons = [];
  for (const s of projectConfig.sources) {
    const key = sourceKey(s);
    const locked = lock.sources[key];
    if (locked) reasons.push(...sourceReasons(s, locked));
    else reasons.push({ subject: key, reason: `python ${key} is in pydebug.yml but not in the lock`, needsDownload: true });
  }
  for (const version of Object.keys(lock.sources)) {
    if (!projectConfig.sources.some((s) => sourceKey(s) === version)) {
      reasons.push({ subject: version, reason: `python ${version} is in the lock but no longer in pydebug.yml`, needsDownload: false });
    }
  }
  return reasons;
}
var FIELD_LABELS = [
  ["configure", "configure arguments"],
  ["cflags", "CFLAGS"],
  ["compiler", "compiler"],
  ["env", "environment"],
  ["test", "test selection"],
  ["slim", "slim install"],
  ["expect", "expected macros and abiflags"],
  ["lock_key", "lock key"]
];
function staleReasons(projectConfig, lock) {
  if (!lock) return [{ subject: "lock", reason: "there is no lock yet", needsDownload: true }];
  const reasons = sourceStaleReasons(projectConfig, lock);
  const staleSources = new Set(reasons.map((r) => r.subject));
  for (const entry of projectConfig.matrix) {
    const locked = lock.builds[entry.id];
    if (!locked) {
      reasons.push({ subject: entry.id, reason: `${entry.id} is in the matrix but not in the lock`, needsDownload: false });
      continue;
    }
    if (staleSources.has(entry.version)) continue;
    const variant = projectConfig.variants.find((v) => v.name === entry.variant);
    const source = lock.sources[entry.version];
    const resolved = resolveBuild(entry.version, variant, source);
    const expected = { ...resolved, lock_key: lockKeyFor(resolved, source) };
    for (const [field, label] of FIELD_LABELS) {
      if (canonicalJson(expected[field]) !== canonicalJson(locked[field])) {
        reasons.push({
          subject: entry.id,
          reason: `${label} changed: lock has ${show(locked[field])}, pydebug.yml gives ${show(expected[field])}`,
          needsDownload: false
        });
        break;
      }
    }
  }
  for (const id of Object.keys(lock.builds)) {
    if (!projectConfig.matrix.some((e) => e.id === id)) {
      reasons.push({ subject: id, reason: `${id} is in the lock but no longer in the matrix of pydebug.yml`, needsDownload: false });
    }
  }
  return reasons;
}
function expectedLock(projectConfig, lock) {
  const sources = Object.fromEntries(projectConfig.sources.map((s) => [sourceKey(s), lockedSourceFor(s, lock.sources[sourceKey(s)])]));
  return assembleLock(projectConfig, sources, recordedPins(lock));
}
function editedFields(expected, actual) {
  const reasons = [];
  for (const section of ["sources", "builds"]) {
    for (const [key, entry] of Object.entries(expected[section])) {
      const edited = actual[section][key];
      for (const [field, value] of Object.entries(entry)) {
        if (canonicalJson(value) !== canonicalJson(edited[field])) {
          reasons.push({ subject: key, reason: `${section}.${key}.${field} was edited by hand`, needsDownload: false, edited: true });
        }
      }
    }
  }
  return reasons;
}
function problemReasons(lock) {
  return lockProblems(lock).map((p) => ({ subject: "lock", reason: p, needsDownload: p.startsWith("sources."), edited: true }));
}
function lockReasons(projectConfig, lock, text) {
  const problems = problemReasons(lock);
  if (problems.length > 0) return problems;
  const version = declaredLockVersion(text) ?? LOCK_VERSION;
  const upgraded = version < LOCK_VERSION ? [earlierFormat(version, false)] : [];
  const stale = staleReasons(projectConfig, lock);
  if (stale.length > 0) return [...stale, ...upgraded];
  const expected = expectedLock(projectConfig, lock);
  if (version === LOCK_VERSION && serializeLock(expected) === text) return [];
  if (version < LOCK_VERSION) {
    if (serializePreviousLock(expected, { sortedKeys: false }) === text) return upgraded;
    if (serializePreviousLock(expected, { sortedKeys: true }) === text) return [earlierFormat(version, true)];
  }
  const edited = editedFields(expected, lock);
  const layout = { subject: "lock", reason: "its text is not what `pydebug lock` writes (its layout, key order or note was edited by hand)", needsDownload: false, edited: true };
  return [...edited.length > 0 ? edited : [layout], ...upgraded];
}
function contentReasons(projectConfig, lock) {
  const stale = staleReasons(projectConfig, lock);
  const flagged = new Set(stale.map((r) => r.subject));
  const unchanged = projectConfig.matrix.filter((e) => lock.builds[e.id] && lock.sources[e.version] && !flagged.has(e.id) && !flagged.has(e.version)).map((e) => e.id);
  return [...stale, ...editedFields(expectedEntries(projectConfig, lock, unchanged), lock)];
}
function invalidFields(lock) {
  return problemReasons(lock);
}
function reasonsOfEntry(reasons, entry) {
  return reasons.filter((r) => r.subject === entry.id || r.subject === entry.version);
}
function expectedEntries(projectConfig, lock, ids) {
  const sources = {};
  const builds = {};
  for (const entry of projectConfig.matrix.filter((e) => ids.includes(e.id))) {
    const spec = projectConfig.sources.find((s) => sourceKey(s) === entry.version);
    const source = lockedSourceFor(spec, lock.sources[entry.version]);
    sources[entry.version] = source;
    const resolved = resolveBuild(entry.version, projectConfig.variants.find((v) => v.name === entry.variant), source);
    const lockKey = lockKeyFor(resolved, source);
    const artifacts = lock.builds[entry.id]?.lock_key === lockKey ? lock.builds[entry.id]?.artifacts : void 0;
    builds[entry.id] = artifacts ? { ...resolved, lock_key: lockKey, artifacts } : { ...resolved, lock_key: lockKey };
  }
  return { lock_version: lock.lock_version, sources, builds };
}
function entryReasons(projectConfig, lock, ids) {
  if (!lock) return staleReasons(projectConfig, void 0);
  const problems = problemReasons(lock);
  if (problems.length > 0) return problems;
  const versions = new Set(projectConfig.matrix.filter((e) => ids.includes(e.id)).map((e) => e.version));
  const stale = staleReasons(projectConfig, lock).filter((r) => ids.includes(r.subject) || versions.has(r.subject));
  if (stale.length > 0) return stale;
  return editedFields(expectedEntries(projectConfig, lock, ids), lock);
}
function lockOfEntries(lock, ids) {
  const builds = Object.fromEntries(ids.map((id) => [id, lock.builds[id]]));
  const names = new Set(Object.values(builds).map((b) => b.source));
  const sources = Object.fromEntries(Object.entries(lock.sources).filter(([name]) => names.has(name)));
  return { ...lock, sources, builds };
}
function describeReason(r) {
  const named = r.subject === "lock" || r.edited === true || r.reason.startsWith(`${r.subject} `) || r.reason.startsWith(`python ${r.subject} `);
  return named ? r.reason : `${r.subject}: ${r.reason}`;
}

// src/plan/sync-plan.ts
function applySelection(items, selection, where) {
  for (const kind of ["version", "variant"]) {
    const wanted = kind === "version" ? selection.versions : selection.variants;
    const known = [...new Set(items.map((i) => i[kind]))];
    for (const w of wanted ?? []) {
      if (!known.includes(w)) {
        const guess = closest(w, known);
        throw new UsageError(`no ${kind} "${w}" in ${where}`, { hint: guess ? `did you mean "${guess}"?` : `known ${kind}s: ${known.join(", ")}` });
      }
    }
  }
  const selected = items.filter((i) => (!selection.versions?.length || selection.versions.includes(i.version)) && (!selection.variants?.length || selection.variants.includes(i.variant)));
  if (selected.length === 0) throw new UsageError(`the selection matches no entry of ${where} (it may be excluded)`);
  return selected;
}
function planSync(lock, selection, machineFor, isInStore) {
  const entries = Object.entries(lock.builds).map(([id, build2]) => ({ id, build: build2, version: build2.source, variant: build2.variant }));
  const selected = applySelection(entries, selection, "the matrix").map(({ id, build: build2 }) => {
    const source = lock.sources[build2.source];
    if (!source) throw new Error(`internal: lock has no source ${build2.source}`);
    return { id, build: build2, source, entryKey: entryKeyFor(build2.lock_key, machineFor(build2)) };
  });
  const reuse = selected.filter((p) => isInStore(p.entryKey));
  const build = selected.filter((p) => !isInStore(p.entryKey));
  const sources = [...new Map(build.map((p) => [p.build.source, p.source])).values()];
  return { selected, reuse, build, sources };
}

// src/lockfile/lock-update.ts
function lockCondition(reasons) {
  if (reasons.some((r) => r.subject === "lock" && /no lock/.test(r.reason))) return "is missing";
  if (reasons.every((r) => r.edited)) return "was edited by hand and is not what pydebug.yml gives";
  return "is out of date with pydebug.yml";
}
function staleLockMessage(reasons, lockDisplay) {
  return `${lockDisplay} ${lockCondition(reasons)}:
` + reasons.map((r) => `  - ${describeReason(r)}`).join("\n");
}
function staleLockWarning(reasons, lockDisplay) {
  return `warning: ${staleLockMessage(reasons, lockDisplay)}
hint: shown as the lock pins it and the store holds it; run \`pydebug lock\` to bring the lock in line with pydebug.yml, then \`pydebug sync\` to build what changed
`;
}
var StaleLockError = class extends PydebugError {
  constructor(reasons, lockDisplay, frozen) {
    super(staleLockMessage(reasons, lockDisplay), {
      hint: frozen ? "--frozen refuses to build from a stale or missing lock: run `pydebug lock` and commit pydebug.lock" : "run `pydebug lock` and commit pydebug.lock"
    });
    this.reasons = reasons;
  }
  reasons;
};
function upgradeNames(projectConfig, names) {
  const git = projectConfig.sources.filter(isGitSpec).map((s) => s.name);
  if (names === void 0) return /* @__PURE__ */ new Set();
  for (const name of names) {
    if (git.includes(name)) continue;
    const release = projectConfig.sources.some((s) => sourceKey(s) === name);
    throw new UsageError(release ? `${name} is a release: its checksum pins it, there is nothing to upgrade` : `no git source named "${name}" in pydebug.yml`, {
      hint: release ? `change its version: in pydebug.yml to move to another release` : git.length > 0 ? `git sources: ${git.join(", ")}` : "lock --upgrade re-resolves git sources (python: - git: ..., ref: ...)"
    });
  }
  return new Set(names.length > 0 ? names : git);
}
function checkGitVersions(cfg, sources) {
  const problems = cfg.projectConfig.matrix.flatMap((entry) => {
    const source = sources[entry.version];
    return source && isGitSource(source) ? versionIssues(entry, source.version, findVariant(cfg.projectConfig, entry.variant)) : [];
  });
  if (problems.length === 0) return;
  throw new PydebugError(`${cfg.display}: ${problems.map((p) => p.message).join("\n  ")}`, { hint: [...new Set(problems.map((p) => p.hint).filter(Boolean))].join("\n") });
}
function inMatrixOrder(projectConfig, lock) {
  const builds = {};
  for (const e of projectConfig.matrix) if (lock.builds[e.id]) builds[e.id] = lock.builds[e.id];
  return { ...lock, builds };
}
async function checkLock(cfg, frozen) {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) return { lock: inMatrixOrder(cfg.projectConfig, trusted.lock), path, reasons: [], written: false };
  const file = await readLockFile(path, display);
  const reasons = file.status === "missing" ? staleReasons(cfg.projectConfig, void 0) : file.status === "invalid" ? [{ subject: "lock", reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }] : lockReasons(cfg.projectConfig, file.lock, file.text);
  const stale = reasons.filter((r) => !r.earlierFormat);
  if (stale.length > 0 || file.status !== "ok") throw new StaleLockError(stale, display, frozen);
  if (reasons.length === 0) await cfg.verdicts?.remember(cfg.projectConfig, file.text, file.lock);
  return { lock: inMatrixOrder(cfg.projectConfig, file.lock), path, reasons, written: false };
}
async function readLockFor(cfg, selection) {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) {
    const ids2 = applySelection(cfg.projectConfig.matrix, selection, "the matrix").map((e) => e.id);
    return { lock: lockOfEntries(trusted.lock, ids2), path, reasons: [], written: false };
  }
  const file = await readLockFile(path, display);
  if (file.status === "invalid") {
    throw new StaleLockError([{ subject: "lock", reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }], display, false);
  }
  const ids = applySelection(cfg.projectConfig.matrix, selection, "the matrix").map((e) => e.id);
  const lock = file.status === "ok" ? file.lock : void 0;
  const reasons = entryReasons(cfg.projectConfig, lock, ids);
  if (reasons.length > 0 || !lock) throw new StaleLockError(reasons, display, false);
  await rememberIfCurrent(cfg, file);
  return { lock: lockOfEntries(lock, ids), path, reasons: [], written: false };
}
async function rememberIfCurrent(cfg, file) {
  if (cfg.verdicts && file.status === "ok" && lockReasons(cfg.projectConfig, file.lock, file.text).length === 0) await cfg.verdicts.remember(cfg.projectConfig, file.text, file.lock);
}
async function readLockAsWritten(cfg, selection) {
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const trusted = cfg.verdicts?.trusted;
  if (trusted) {
    const selected2 = applySelection(cfg.projectConfig.matrix, selection, "the matrix");
    const locked2 = selected2.filter((e) => trusted.lock.builds[e.id] !== void 0).map((e) => e.id);
    return { lock: lockOfEntries(trusted.lock, locked2), path, reasons: [], written: false, notLocked: selected2.filter((e) => trusted.lock.builds[e.id] === void 0) };
  }
  const file = await readLockFile(path, display);
  if (file.status === "invalid") {
    throw new StaleLockError([{ subject: "lock", reason: `${display} cannot be read: ${file.reason}`, needsDownload: true }], display, false);
  }
  if (file.status === "missing") throw new StaleLockError(staleReasons(cfg.projectConfig, void 0), display, false);
  const invalid = invalidFields(file.lock);
  if (invalid.length > 0) throw new StaleLockError(invalid, display, false);
  const selected = applySelection(cfg.projectConfig.matrix, selection, "the matrix");
  const locked = selected.filter((e) => file.lock.builds[e.id] !== void 0).map((e) => e.id);
  const reasons = contentReasons(cfg.projectConfig, file.lock);
  if (reasons.length === 0) await rememberIfCurrent(cfg, file);
  return {
    lock: lockOfEntries(file.lock, locked),
    path,
    reasons,
    written: false,
    notLocked: selected.filter((e) => file.lock.builds[e.id] === void 0)
  };
}
async function updateLock(cfg, ctx, options = {}) {
  const [{ resolveGitSource }, { lockSource }] = await Promise.all([import("./git-KQ76GLIX.js"), import("./provide-5RNESYG2.js")]);
  const path = lockPathFor(cfg.path);
  const display = lockPathFor(cfg.display);
  const file = await readLockFile(path, display);
  const reasons = file.status === "missing" ? staleReasons(cfg.projectConfig, void 0) : file.status === "invalid" ? [{ subject: "lock", reason: `${display} could not be read (${file.reason}) and was rewritten`, needsDownload: true }] : lockReasons(cfg.projectConfig, file.lock, file.text);
  const upgrading = upgradeNames(cfg.projectConfig, options.upgrade);
  const recorded = file.status === "missing" ? {} : (await import("./format-UTZT63IE.js")).recordedSources(file.text);
  const sources = {};
  const upgrades = [];
  for (const s of cfg.projectConfig.sources) {
    const key = sourceKey(s);
    const old = recorded[key];
    if (old && sourceReasons(s, old).length === 0 && !upgrading.has(key)) {
      sources[key] = lockedSourceFor(s, old);
    } else if (isGitSpec(s)) {
      const pinned = await resolveGitSource(ctx, s);
      sources[key] = pinned;
      if (upgrading.has(key))
        upgrades.push({ name: key, from: old && isGitSource(old) ? { commit: old.commit, version: old.version } : void 0, to: { commit: pinned.commit, version: pinned.version } });
    } else {
      sources[key] = await lockSource(ctx, s, cfg.display);
    }
  }
  checkGitVersions(cfg, sources);
  const unpinned = assembleLock(cfg.projectConfig, sources);
  const found = options.findPins ? await options.findPins(unpinned) : void 0;
  const pins = found ?? (file.status === "ok" ? recordedPins(file.lock) : {});
  const lock = assembleLock(cfg.projectConfig, sources, pins);
  const written = await writeLockFile(path, lock, display);
  if (!written && reasons.length === 0 && file.status === "ok") await cfg.verdicts?.remember(cfg.projectConfig, file.text, file.lock);
  return { lock, path, reasons: written ? reasons : [], written, upgrades };
}

export {
  reasonsOfEntry,
  describeReason,
  applySelection,
  planSync,
  staleLockWarning,
  StaleLockError,
  checkLock,
  readLockFor,
  readLockAsWritten,
  updateLock
};
