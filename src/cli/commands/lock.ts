import { dirname } from 'node:path';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../../errors.js';
import { lockPathFor } from '../../files/lock-file.js';
import { describeReason, type StaleReason } from '../../lock/stale.js';
import { LOCK_VERSION, type Lock } from '../../lock/types.js';
import { checkLock, StaleLockError, type Upgrade, updateLock } from '../../lockfile/lock-update.js';
import { effectiveRegistry, registryCredentials } from '../../registry/reference.js';
import { effectiveMirror } from '../../source/mirror.js';
import { downloadSettingsFromEnv } from '../../source/provide.js';
import { registerProject } from '../../store/projects.js';
import { loadConfig, makeReporter, openStore } from '../context.js';
import { bool, type Command, str } from './types.js';

function wroteWhat(display: string, reasons: StaleReason[]): string {
  if (reasons.length === 0) return `wrote ${display}`;
  if (reasons.every((r) => r.edited)) return `rewrote ${display} from pydebug.yml, correcting what was edited by hand:`;
  return `wrote ${display}:`;
}

/**
 * What `lock --check` adds to "is up to date" for a lock an earlier pydebug wrote: it passes (as
 * uv's --locked, which fails only when the content would change), and says `pydebug lock` rewrites it.
 */
function earlierFormatNote(reasons: StaleReason[]): string {
  const earlier = reasons.find((r) => r.earlierFormat)?.earlierFormat;
  if (!earlier) return '';
  const order = earlier.sortedKeys ? ', its keys sorted' : '';
  return ` (in lock format version ${earlier.version}${order}, as an earlier pydebug wrote it: \`pydebug lock\` rewrites it as version ${LOCK_VERSION})`;
}

/**
 * What `pydebug lock` says after writing: why, a line per reason; a format upgrade as one line
 * of its own (alone when nothing else changed), as npm says "old lockfile".
 */
function wroteLines(display: string, reasons: StaleReason[]): string {
  const earlier = reasons.find((r) => r.earlierFormat)?.earlierFormat;
  const others = reasons.filter((r) => !r.earlierFormat);
  const wrote = earlier && others.length === 0 ? '' : `${wroteWhat(display, others)}${others.map((r) => `\n  - ${describeReason(r)}`).join('')}\n`;
  const upgraded = earlier
    ? `upgraded ${display} from lock format version ${earlier.version} to ${LOCK_VERSION}: build fields renamed (cache_key to lock_key, version to source), lock keys unchanged\n`
    : '';
  return wrote + upgraded;
}

/** "main: 3.16.0a1+ 0123456789ab -> 3.16.0a2+ ba9876543210", or that it stayed. */
function upgradeLine(u: Upgrade): string {
  const at = (p: { commit: string; version: string }) => `${p.version} ${p.commit.slice(0, 12)}`;
  if (!u.from) return `${u.name}: pinned ${at(u.to)}`;
  if (u.from.commit === u.to.commit) return `${u.name}: ${at(u.to)} is still the newest commit of its ref`;
  return `${u.name}: ${at(u.from)} -> ${at(u.to)} (${u.from.commit} -> ${u.to.commit})`;
}

export const lockCommand: Command = {
  name: 'lock',
  summary: 'resolve pydebug.yml into pydebug.lock (URLs, checksums, configure args, expected flags, lock keys)',
  usage: 'pydebug lock [--check] [--upgrade [name]]',
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
  options: { check: { type: 'boolean' }, upgrade: { type: 'boolean' } },
  operands: 1,
  async run(ctx, values, positionals) {
    const upgrade = bool(values, 'upgrade') ? positionals : undefined;
    if (positionals.length > 0 && !upgrade) throw new UsageError(`lock takes no operand (${JSON.stringify(positionals[0])}) without --upgrade`, { hint: `pydebug lock --upgrade ${positionals[0]}` });
    if (upgrade && bool(values, 'check'))
      throw new UsageError('--check and --upgrade cannot be combined: --check never contacts a remote', { hint: 'run pydebug lock --upgrade, then pydebug lock --check' });
    const common = { config: str(values, 'config'), quiet: bool(values, 'quiet') };
    const cfg = await loadConfig(ctx, common);
    const display = lockPathFor(cfg.display);
    if (bool(values, 'check')) {
      let reasons: StaleReason[];
      try {
        ({ reasons } = await checkLock(cfg, false));
      } catch (e) {
        if (!(e instanceof StaleLockError)) throw e;
        ctx.stderr.write(`${e.message}\nhint: ${e.hint}\n`);
        return EXIT_FAILURE;
      }
      ctx.stderr.write(`${display} is up to date${earlierFormatNote(reasons)}\n`);
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
          ...downloadSettingsFromEnv(ctx.env),
        },
        { upgrade, findPins: pinFinder(ctx, cfg.projectConfig.registry, (m) => reporter.warn(m)) },
      );
      reporter.close();
      // The whole lock's keys: what the project's record names is pruned to them (store/projects.ts).
      await registerProject(store, state.path, { known: [], lockKeys: Object.values(state.lock.builds).map((b) => b.lock_key) }, (m) => ctx.stderr.write(`warning: ${m}\n`));
      for (const u of state.upgrades ?? []) ctx.stderr.write(`${upgradeLine(u)}\n`);
      if (!state.written) ctx.stderr.write(`${display} is up to date\n`);
      else ctx.stderr.write(wroteLines(display, state.reasons));
      return EXIT_OK;
    } finally {
      reporter.close();
    }
  },
};

/**
 * With a registry (registry: in pydebug.yml, or PYDEBUG_REGISTRY): looks up the artifacts of the
 * lock's builds to pin them. A registry that cannot be asked leaves the recorded pins (a warning).
 */
function pinFinder(ctx: Parameters<Command['run']>[0], configRegistry: string | undefined, warn: (message: string) => void) {
  const registry = effectiveRegistry(ctx.env, configRegistry);
  if (!registry) return undefined;
  const credentials = registryCredentials(ctx.env);
  return async (lock: Lock) => {
    const [{ RegistryClient }, { findArtifactPins }] = await Promise.all([import('../../registry/client.js'), import('../../sync/artifact-pins.js')]);
    try {
      return await findArtifactPins(new RegistryClient(registry, { credentials, signal: ctx.interrupts.signal }), lock, warn);
    } catch (error) {
      if (ctx.interrupts.signal.aborted) throw error;
      warn(`the artifacts in ${registry.display} could not be looked up (${(error as Error).message}): the lock keeps the pins it had`);
      return undefined;
    }
  };
}
