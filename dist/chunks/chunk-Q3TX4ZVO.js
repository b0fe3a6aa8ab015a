import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  changedEntryWarning,
  planFor
} from "./chunk-SCQXXLIM.js";
import {
  registerProject
} from "./chunk-JQXX643E.js";
import {
  describeReason,
  readLockAsWritten,
  readLockFor,
  reasonsOfEntry,
  staleLockWarning
} from "./chunk-EI5ALKUK.js";
import {
  loadConfig,
  lockPathFor,
  openStore
} from "./chunk-ZHYB3AII.js";
import {
  formatDuration
} from "./chunk-XYAONFWZ.js";
import {
  existsNoFollow
} from "./chunk-CEFFNG3H.js";
import {
  closest
} from "./chunk-VPUCQOA5.js";
import {
  withMutex
} from "./chunk-EEAOJTGZ.js";
import {
  assertInside,
  diskFullError,
  isDiskFull,
  readTextFile,
  removeInside
} from "./chunk-UJBZKF62.js";
import {
  segmentProblem
} from "./chunk-HEHMV332.js";
import {
  InterruptedError,
  PydebugError,
  UsageError
} from "./chunk-4QVF5WYY.js";

// src/env/project-env.ts
import { cp, mkdir, readdir, realpath, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var PROJECT_DATA_DIR = ".pydebug";
var RECORD_FILE = "pydebug-env.json";
var SETUPTOOLS_CONFIG_FILE = "pydebug-setuptools.cfg";
function projectDataDir(projectDir) {
  return join(projectDir, PROJECT_DATA_DIR);
}
function envsRoot(projectDir) {
  return join(projectDataDir(projectDir), "envs");
}
async function envDirFor(projectDir, id) {
  const problem = segmentProblem(id);
  if (problem) throw new PydebugError(`cannot make an environment for "${id}": ${problem}`);
  return assertInside(projectDir, join(envsRoot(projectDir), id), "a project environment");
}
function layout(dir) {
  const bin = join(dir, "bin");
  return { dir, bin, python: join(bin, "python"), setuptoolsConfig: join(dir, SETUPTOOLS_CONFIG_FILE) };
}
async function readRecord(dir) {
  try {
    const data = JSON.parse(await readTextFile(join(dir, RECORD_FILE), 64 * 1024));
    if (typeof data?.key === "string" && typeof data.base_python === "string") {
      return { key: data.key, base_python: data.base_python, ...typeof data.interpreter === "string" ? { interpreter: data.interpreter } : {} };
    }
  } catch {
  }
  return void 0;
}
async function interpreterStamp(python) {
  const st = await stat(python, { bigint: true });
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
}
var orUndefined = (p) => p.catch(() => void 0);
function pyvenvHome(cfg) {
  return /^\s*home\s*=\s*(.*?)\s*$/m.exec(cfg)?.[1];
}
async function checkEnv(dir, source) {
  const record = await readRecord(dir);
  if (record === void 0 || record.key !== source.entryKey || record.base_python !== source.python) return { current: false };
  const interpreter = await orUndefined(realpath(source.python));
  if (!interpreter) return { current: false };
  const { bin, python } = layout(dir);
  const names = await orUndefined(readdir(bin)) ?? [];
  if (!names.includes("python")) return { current: false, tampered: "its bin/python is missing" };
  for (const name of names.filter((n) => /^python[\d.]*t?$/.test(n))) {
    const target = await orUndefined(realpath(join(bin, name)));
    if (target === void 0) return { current: false, tampered: `its bin/${name} is a broken link` };
    if (target !== interpreter) return { current: false, tampered: `its bin/${name} is ${target}, not the entry's interpreter ${interpreter}` };
  }
  const cfg = await orUndefined(readTextFile(join(dir, "pyvenv.cfg"), 64 * 1024));
  const home = cfg === void 0 ? void 0 : pyvenvHome(cfg);
  const entryBin = dirname(source.python);
  if (home === void 0) return { current: false, tampered: "its pyvenv.cfg has no home" };
  if (home !== entryBin && await orUndefined(realpath(home)) !== await orUndefined(realpath(entryBin))) {
    return { current: false, tampered: `its pyvenv.cfg says home = ${home}, not the entry's ${entryBin}` };
  }
  if (record.interpreter !== await interpreterStamp(interpreter)) return { current: false, tampered: record.interpreter ? "the entry's interpreter changed since it was made" : void 0 };
  return await orUndefined(stat(python)) ? { current: true } : { current: false };
}
async function ensureProjectEnv(projectDir, source, options = {}) {
  const dir = await envDirFor(projectDir, source.id);
  if ((await checkEnv(dir, source)).current) return { ...layout(dir), created: false };
  await ensureProjectDataDir(projectDir);
  await mkdir(envsRoot(projectDir), { recursive: true });
  return withMutex(join(envsRoot(projectDir), `.${source.id}.lock`), { purpose: `making the environment of ${source.id}`, signal: options.signal }, async () => {
    const check = await checkEnv(dir, source);
    if (check.current) return { ...layout(dir), created: false };
    options.onCreate?.(dir, check.tampered);
    await removeInside(projectDir, dir, "a stale project environment");
    const env = layout(dir);
    try {
      await makeVenv(dir, source, options.signal);
      await writeFile(env.setuptoolsConfig, setuptoolsConfig(dir));
      const record = { key: source.entryKey, base_python: source.python, interpreter: await interpreterStamp(source.python) };
      await writeFile(join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}
`);
    } catch (e) {
      await removeInside(projectDir, dir, "a half-made project environment");
      if (isDiskFull(e)) throw diskFullError(e, dir, "the half-made environment was removed");
      throw e;
    }
    return { ...env, created: true };
  });
}
function setuptoolsConfig(envDir) {
  return `# Written by pydebug: this environment's own setuptools build directory, so that variants
# with the same SOABI never share compiled objects.
[build]
build_base = ${join(envDir, "build")}
`;
}
async function makeVenv(dir, source, signal) {
  await runPython(source, ["-m", "venv", "--without-pip", dir], signal, `${source.python} -m venv --without-pip ${dir}`);
  const paths = await runPython(source, ["-c", SITE_PACKAGES_SCRIPT, dir], signal, `${source.python} (site-packages of ${dir})`);
  const [base, env, short] = JSON.parse(paths);
  const names = await bundledPackages(base);
  if (!names.includes("pip")) {
    await runPython({ ...source, python: join(dir, "bin", "python") }, ["-m", "ensurepip", "--default-pip"], signal, `${dir}/bin/python -m ensurepip`);
    return;
  }
  for (const name of names) {
    await cp(await assertInside(base, join(base, name), "a package of the store entry"), await assertInside(dir, join(env, name), "a package copied into a project environment"), {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true
    });
  }
  const python = join(dir, "bin", "python");
  for (const launcher of ["pip", "pip3", `pip${short}`]) {
    await writeFile(join(dir, "bin", launcher), pipLauncher(python), { mode: 493 });
  }
}
async function bundledPackages(sitepackages) {
  const dists = (await readdir(sitepackages).catch(() => [])).filter((n) => /^(pip|setuptools)-[^/]+\.dist-info$/.test(n));
  const names = new Set(dists);
  for (const dist of dists) {
    const record = await readTextFile(join(sitepackages, dist, "RECORD"), 4 * 1024 * 1024).catch(() => "");
    for (const line of record.split("\n")) {
      const top = line.split(",")[0]?.split("/")[0];
      if (top && top !== ".." && top !== "." && !segmentProblem(top)) names.add(top);
    }
  }
  return [...names].sort();
}
var SITE_PACKAGES_SCRIPT = `import json, sys, sysconfig
env = sys.argv[1]
print(json.dumps([sysconfig.get_path("purelib"), sysconfig.get_path("purelib", vars={"base": env, "platbase": env}), "%d.%d" % sys.version_info[:2]]))`;
function pipLauncher(python) {
  return `#!${python}
# -*- coding: utf-8 -*-
# Written by pydebug, as pip writes it.
import re
import sys
from pip._internal.cli.main import main
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(main())
`;
}
var DISK_FULL_OUTPUT = /\[Errno (28|122)\][^\n]*|No space left on device|Disk quota exceeded/;
async function runPython(source, args, signal, what) {
  const { execa } = await import("./execa-BZBQCB4E.js");
  const r = await execa(source.python, args, {
    env: { ...source.env, PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    extendEnv: false,
    reject: false,
    all: true,
    cancelSignal: signal
  });
  if (r.isCanceled || signal?.aborted || r.signal === "SIGINT") throw new InterruptedError();
  const full = r.exitCode === 0 ? void 0 : DISK_FULL_OUTPUT.exec(String(r.all ?? ""));
  if (full) throw Object.assign(new Error(`${what}: ${full[0]}`), { code: full[1] === "122" || /quota/i.test(full[0]) ? "EDQUOT" : "ENOSPC" });
  if (r.exitCode !== 0) {
    throw new PydebugError(
      `${source.id}: could not make its environment (${what}, exit ${r.exitCode ?? r.signal}):
${String(r.all ?? "").trim().split("\n").slice(-15).join("\n")}`,
      {
        hint: "the store interpreter could not run venv; `pydebug list` checks the entry, and `pydebug sync` rebuilds a damaged one"
      }
    );
  }
  return String(r.stdout);
}
async function ensureProjectDataDir(projectDir) {
  const dir = projectDataDir(projectDir);
  await mkdir(dir, { recursive: true });
  const gitignore = join(dir, ".gitignore");
  await writeFile(gitignore, "# Written by pydebug: its per-project environments, never committed.\n*\n", { flag: "wx" }).catch(async (e) => {
    if (e.code === "EEXIST") return;
    if (isDiskFull(e)) {
      await removeInside(projectDir, gitignore, "a cut-short .gitignore");
      throw diskFullError(e, gitignore, "no environment was made");
    }
    throw e;
  });
}
async function removeProjectEnvs(projectDir) {
  const root = envsRoot(projectDir);
  if (!await existsNoFollow(root)) return void 0;
  await removeInside(projectDir, root, "the project environments");
  return root;
}

// src/cli/commands/shared.ts
import { dirname as dirname2 } from "node:path";
async function viewProject(ctx, opts, selection = {}, mode = "use", read = {}) {
  const cfg = await loadConfig(ctx, opts);
  const shown = mode === "show" ? await readLockAsWritten(cfg, selection) : void 0;
  const lock = shown ?? await readLockFor(cfg, selection);
  const store = openStore(ctx);
  const { plan, states } = Object.keys(lock.lock.builds).length > 0 ? await planFor(lock, {}, ctx.env, store, read) : { plan: { selected: [] }, states: /* @__PURE__ */ new Map() };
  return {
    cfg,
    lock,
    store,
    entries: plan.selected.map((planned) => ({ planned, state: states.get(planned.entryKey) })),
    notLocked: shown?.notLocked ?? [],
    lockDisplay: lockPathFor(cfg.display)
  };
}
function warnIfStale(ctx, view) {
  if (view.lock.reasons.length > 0) ctx.stderr.write(staleLockWarning(view.lock.reasons, view.lockDisplay));
}
function lockStanding(view, entry) {
  const own = reasonsOfEntry(view.lock.reasons, entry);
  return { lock_stale: own.length > 0, lock_reasons: own.map(describeReason) };
}
function entrySelection(variant, version) {
  return { variants: [variant], versions: version === void 0 ? void 0 : [version] };
}
function pickEntry(view, variant, version) {
  const candidates = [
    ...view.entries.map((e) => ({ id: e.planned.id, version: e.planned.build.source, variant: e.planned.build.variant, entry: e })),
    ...view.notLocked.map((m) => ({ version: m.version, variant: m.variant, entry: void 0, id: m.id }))
  ];
  const variants = [...new Set(candidates.map((c) => c.variant))];
  if (!variants.includes(variant)) {
    const guess = closest(variant, variants);
    throw new UsageError(`no variant "${variant}" in ${view.cfg.display}`, { hint: guess ? `did you mean "${guess}"?` : `variants: ${variants.join(", ")}` });
  }
  const matches = candidates.filter((c) => c.variant === variant && (version === void 0 || c.version === version));
  if (matches.length === 0) {
    const versions = candidates.filter((c) => c.variant === variant).map((c) => c.version);
    throw new UsageError(`variant "${variant}" is not built for ${version}`, { hint: `versions of ${variant}: ${versions.join(", ")}` });
  }
  if (matches.length > 1) {
    throw new UsageError(`variant "${variant}" exists for several versions: ${matches.map((m) => m.version).join(", ")}`, {
      hint: `pick one with --python ${matches[0].version}`
    });
  }
  const [match] = matches;
  if (match.entry === void 0) {
    throw new PydebugError(`${match.id} is in ${view.cfg.display} but not in ${view.lockDisplay} yet`, {
      hint: `run \`pydebug lock\`, then \`pydebug sync --variant ${match.variant} --python ${match.version}\` to build it`
    });
  }
  return match.entry;
}
function warnIfChanged(ctx, entry) {
  const { planned, state } = entry;
  if (state.status === "ok" && state.changed && state.changed.length > 0) ctx.stderr.write(`warning: ${changedEntryWarning(planned.id, planned.build.variant, state.changed)}
`);
}
async function warnIfChangedNow(ctx, store, entry) {
  const changed = entry.state.changed ?? await store.changedFiles(entry.planned.entryKey, entry.state.manifest);
  warnIfChanged(ctx, { planned: entry.planned, state: { ...entry.state, changed } });
}
function requireBuilt(entry) {
  const { planned, state } = entry;
  if (state.status === "ok") return state;
  const why = state.status === "damaged" ? `its store entry is damaged (${state.reason})` : "it is not built yet";
  throw new PydebugError(`${planned.id}: ${why}`, { hint: `run \`pydebug sync --variant ${planned.build.variant} --python ${planned.build.source}\`` });
}
async function projectEnvFor(ctx, view, planned, state) {
  const known = view.entries.filter((e) => e.state.status === "ok").map((e) => e.planned.entryKey);
  const registered = registerProject(view.store, view.lock.path, { known }, (m) => ctx.stderr.write(`warning: ${m}
`));
  registered.catch(() => void 0);
  const t0 = Date.now();
  const made = await ensureProjectEnv(
    dirname2(view.cfg.path),
    { id: planned.id, entryKey: planned.entryKey, python: state.python, env: planned.build.env },
    {
      signal: ctx.interrupts.signal,
      onCreate: (dir, tampered) => ctx.stderr.write(tampered ? `${planned.id}: its environment ${dir} is not the entry's (${tampered}): making it again
` : `${planned.id}: making its environment ${dir}
`)
    }
  ).catch((e) => {
    if (e instanceof InterruptedError) throw new InterruptedError(`${planned.id}: interrupted while making its environment; nothing half-made was kept`);
    throw e;
  });
  await registered;
  if (made.created) ctx.stderr.write(`${planned.id}: environment ready in ${formatDuration((Date.now() - t0) / 1e3)}
`);
  return made;
}
async function olderEntriesLine(store) {
  const n = (await store.olderEntries()).length;
  if (n === 0) return void 0;
  return `${n === 1 ? "1 entry" : `${n} entries`} of an older pydebug in ${store.olderEntriesDir} (this pydebug neither uses nor removes ${n === 1 ? "it" : "them"}; \`pydebug clean --all\` removes ${n === 1 ? "it" : "them"} with the whole store)`;
}

export {
  envsRoot,
  removeProjectEnvs,
  viewProject,
  warnIfStale,
  lockStanding,
  entrySelection,
  pickEntry,
  warnIfChanged,
  warnIfChangedNow,
  requireBuilt,
  projectEnvFor,
  olderEntriesLine
};
