import { EXIT_FAILURE, EXIT_OK } from '../../errors.js';
import { loadConfigFile } from '../../files/config-file.js';
import { lockPathFor } from '../../files/lock-file.js';
import { effectiveMirror } from '../../source/mirror.js';
import { describeReason, type StaleReason } from '../../lock/stale.js';
import { downloadSettingsFromEnv } from '../../source/provide.js';
import { checkLock, StaleLockError, updateLock } from '../../sync/lock-update.js';
import { findConfigPath, makeReporter, openStore } from '../context.js';
import { bool, str, type Command } from './types.js';

function wroteWhat(display: string, reasons: StaleReason[]): string {
  if (reasons.length === 0) return `wrote ${display}`;
  if (reasons.every((r) => r.edited)) return `rewrote ${display} from pydebug.yml, correcting what was edited by hand:`;
  return `wrote ${display}:`;
}

export const lockCommand: Command = {
  name: 'lock',
  summary: 'resolve pydebug.yml into pydebug.lock (URLs, checksums, configure args, expected flags, cache keys)',
  usage: 'pydebug lock [--check]',
  help: `
Downloads each new or changed source once, checks its declared checksum, and writes
pydebug.lock beside pydebug.yml: per source the URL, SHA-256, MD5 and size; per matrix entry the
exact configure arguments and CFLAGS, the runtime environment, the macros and sys.abiflags the
built interpreter must show, and its cache key. The same inputs always give the same bytes; an
unchanged lock is not rewritten. A hand-edited lock is rewritten from pydebug.yml: of the old
lock only well-formed source facts (SHA-256, MD5, size) are kept. A lock written by a newer
pydebug is refused, never rewritten.

Options:
  --check   do not write: exit 1 and say which entry is stale and why, when pydebug.yml and
            pydebug.lock disagree or the lock was edited by hand (it must be, byte for byte,
            what pydebug lock writes) (for CI)`,
  options: { check: { type: 'boolean' } },
  operands: 0,
  async run(ctx, values) {
    const common = { config: str(values, 'config'), quiet: bool(values, 'quiet') };
    const cfg = await loadConfigFile(await findConfigPath(ctx, common), ctx.cwd);
    const display = lockPathFor(cfg.display);
    if (bool(values, 'check')) {
      try {
        await checkLock(cfg, false);
      } catch (e) {
        if (!(e instanceof StaleLockError)) throw e;
        ctx.stderr.write(`${e.message}\nhint: ${e.hint}\n`);
        return EXIT_FAILURE;
      }
      ctx.stderr.write(`${display} is up to date\n`);
      return EXIT_OK;
    }
    const reporter = makeReporter(ctx, common);
    try {
      const state = await updateLock(cfg, {
        store: openStore(ctx),
        mirror: effectiveMirror(ctx.env.PYDEBUG_MIRROR, cfg.project.mirror, ctx.cwd),
        reporter,
        signal: ctx.signal,
        ...downloadSettingsFromEnv(ctx.env),
      });
      reporter.close();
      if (!state.written) ctx.stderr.write(`${display} is up to date\n`);
      else ctx.stderr.write(`${wroteWhat(display, state.reasons)}${state.reasons.map((r) => `\n  - ${describeReason(r)}`).join('')}\n`);
      return EXIT_OK;
    } finally {
      reporter.close();
    }
  },
};
