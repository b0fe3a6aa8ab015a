import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  effectiveRegistry,
  registryCredentials
} from "./chunk-WJJBIXIY.js";
import {
  downloadSettingsFromEnv
} from "./chunk-US56UJEN.js";
import "./chunk-JMSWVBE7.js";
import "./chunk-I4UB4BG5.js";
import "./chunk-N76HLSXF.js";
import {
  effectiveMirror
} from "./chunk-NABCBVO6.js";
import {
  LOCK_VERSION,
  StaleLockError,
  bool,
  checkLock,
  describeReason,
  loadConfig,
  lockPathFor,
  makeReporter,
  openStore,
  registerProject,
  str,
  updateLock
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_FAILURE,
  EXIT_OK,
  UsageError
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/cli/commands/lock.ts
import { dirname } from "node:path";
function wroteWhat(display, reasons) {
  if (reasons.length === 0) return `wrote ${display}`;
  if (reasons.every((r) => r.edited)) return `rewrote ${display} from pydebug.yml, correcting what was edited by hand:`;
  return `wrote ${display}:`;
}
function earlierFormatNote(reasons) {
  const earlier = reasons.find((r) => r.earlierFormat)?.earlierFormat;
  if (!earlier) return "";
  const order = earlier.sortedKeys ? ", its keys sorted" : "";
  return ` (in lock format version ${earlier.version}${order}, as an earlier pydebug wrote it: \`pydebug lock\` rewrites it as version ${LOCK_VERSION})`;
}
function wroteLines(display, reasons) {
  const earlier = reasons.find((r) => r.earlierFormat)?.earlierFormat;
  const others = reasons.filter((r) => !r.earlierFormat);
  const wrote = earlier && others.length === 0 ? "" : `${wroteWhat(display, others)}${others.map((r) => `
  - ${describeReason(r)}`).join("")}
`;
  const upgraded = earlier ? `upgraded ${display} from lock format version ${earlier.version} to ${LOCK_VERSION}: build fields renamed (cache_key to lock_key, version to source), lock keys unchanged
` : "";
  return wrote + upgraded;
}
function upgradeLine(u) {
  const at = (p) => `${p.version} ${p.commit.slice(0, 12)}`;
  if (!u.from) return `${u.name}: pinned ${at(u.to)}`;
  if (u.from.commit === u.to.commit) return `${u.name}: ${at(u.to)} is still the newest commit of its ref`;
  return `${u.name}: ${at(u.from)} -> ${at(u.to)} (${u.from.commit} -> ${u.to.commit})`;
}
var lockCommand = {
  name: "lock",
  summary: "resolve pydebug.yml into pydebug.lock (URLs, checksums, configure args, expected flags, lock keys)",
  usage: "pydebug lock [--check] [--upgrade [name]]",
  help: `
Downloads each new or changed source once, checks its declared checksum, and writes
pydebug.lock beside pydebug.yml: per source the URL, SHA-256, MD5 and size; per matrix entry the
exact configure arguments and CFLAGS, the runtime environment, the macros and sys.abiflags the
built interpreter must show, and its lock key. The same inputs always give the same bytes; an
unchanged lock is not rewritten. A hand-edited lock is rewritten from pydebug.yml: of the old
lock only well-formed source facts (SHA-256, MD5, size) are kept. A lock an earlier pydebug
wrote (lock format 1 or 2) is read as it is and rewritten as format 3, its content and lock keys
unchanged. A lock written by a newer pydebug is refused, never rewritten.

A git source (python: - git: <repository>, ref: <branch, tag or commit>) is pinned to the full
commit its ref names when it is first locked, with the version in that commit's
Include/patchlevel.h; the pin stays while git: and ref: stay the same. --upgrade resolves the refs
again and prints each old -> new commit.

Options:
  --check   do not write: exit 1 and say which entry is stale and why, when pydebug.yml and
            pydebug.lock disagree or the lock was edited by hand (it must be, byte for byte,
            what pydebug lock writes, or that lock as an earlier pydebug wrote it, which
            passes: only a change of content fails) (for CI); never contacts a git remote
  --upgrade [name]
            resolve the ref of git source <name> again (of every git source without a name)
            and pin the commit it names now`,
  options: { check: { type: "boolean" }, upgrade: { type: "boolean" } },
  operands: 1,
  async run(ctx, values, positionals) {
    const upgrade = bool(values, "upgrade") ? positionals : void 0;
    if (positionals.length > 0 && !upgrade) throw new UsageError(`lock takes no operand (${JSON.stringify(positionals[0])}) without --upgrade`, { hint: `pydebug lock --upgrade ${positionals[0]}` });
    if (upgrade && bool(values, "check"))
      throw new UsageError("--check and --upgrade cannot be combined: --check never contacts a remote", { hint: "run pydebug lock --upgrade, then pydebug lock --check" });
    const common = { config: str(values, "config"), quiet: bool(values, "quiet") };
    const cfg = await loadConfig(ctx, common);
    const display = lockPathFor(cfg.display);
    if (bool(values, "check")) {
      let reasons;
      try {
        ({ reasons } = await checkLock(cfg, false));
      } catch (e) {
        if (!(e instanceof StaleLockError)) throw e;
        ctx.stderr.write(`${e.message}
hint: ${e.hint}
`);
        return EXIT_FAILURE;
      }
      ctx.stderr.write(`${display} is up to date${earlierFormatNote(reasons)}
`);
      return EXIT_OK;
    }
    const reporter = makeReporter(ctx, common);
    const store = openStore(ctx);
    try {
      const state = await updateLock(
        cfg,
        {
          store,
          projectDir: dirname(cfg.path),
          mirror: effectiveMirror(ctx.env.PYDEBUG_MIRROR, cfg.projectConfig.mirror, { cwd: ctx.cwd, configDir: dirname(cfg.path) }),
          reporter,
          signal: ctx.interrupts.signal,
          ...downloadSettingsFromEnv(ctx.env)
        },
        { upgrade, findPins: pinFinder(ctx, cfg.projectConfig.registry, (m) => reporter.warn(m)) }
      );
      reporter.close();
      await registerProject(store, state.path, { known: [], lockKeys: Object.values(state.lock.builds).map((b) => b.lock_key) }, (m) => ctx.stderr.write(`warning: ${m}
`));
      for (const u of state.upgrades ?? []) ctx.stderr.write(`${upgradeLine(u)}
`);
      if (!state.written) ctx.stderr.write(`${display} is up to date
`);
      else ctx.stderr.write(wroteLines(display, state.reasons));
      return EXIT_OK;
    } finally {
      reporter.close();
    }
  }
};
function pinFinder(ctx, configRegistry, warn) {
  const registry = effectiveRegistry(ctx.env, configRegistry);
  if (!registry) return void 0;
  const credentials = registryCredentials(ctx.env);
  return async (lock) => {
    const [{ RegistryClient }, { findArtifactPins }] = await Promise.all([import("./client-S7XS2RJ6.js"), import("./artifact-pins-KASY6VNV.js")]);
    try {
      return await findArtifactPins(new RegistryClient(registry, { credentials, signal: ctx.interrupts.signal }), lock, warn);
    } catch (error) {
      if (ctx.interrupts.signal.aborted) throw error;
      warn(`the artifacts in ${registry.display} could not be looked up (${error.message}): the lock keeps the pins it had`);
      return void 0;
    }
  };
}
export {
  lockCommand
};
