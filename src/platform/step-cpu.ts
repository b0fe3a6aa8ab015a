/**
 * The CPU a build step costs (user and system seconds of every process it ran), which Node cannot
 * tell: it has no per-child rusage. Each step runs under a small /bin/sh that runs the command,
 * then prints the shell's `times` (its children's user and system time, which the kernel adds up
 * as each descendant is waited for) to fd 3, a pipe back to pydebug, and exits as the command did.
 *
 * The shell stays the leader of the step's process group (an interrupt still stops the whole
 * group); a stale-lock breaker recognises it by its exact command line (builder/leftovers.ts).
 */

/** The shell every step runs under: POSIX sh, whose `times` prints the children's CPU. */
export const STEP_SHELL = '/bin/sh';

/**
 * $0 is the command, "$@" its arguments. A command that cannot be run is said on fd 3 (pydebug
 * reports it as a step that could not be started, as when it spawned the command itself); the
 * command does not inherit fd 3. A command killed by a signal ends the shell by the same signal
 * (without a core file), so that pydebug sees the signal, not 128+n. An exit code above 128 is
 * read as a signal: make, configure and CPython's tests never exit with one.
 */
export const STEP_SCRIPT =
  'case $0 in */*) [ -f "$0" ] && [ -x "$0" ] ;; *) command -v -- "$0" >/dev/null 2>&1 ;; esac || { echo cannot-run >&3; exit 127; }; ' +
  '"$0" "$@" 3>&-; s=$?; times >&3; ' +
  'if [ $s -gt 128 ] && [ $s -lt 192 ]; then ulimit -c 0 2>/dev/null; kill -$((s - 128)) $$ 2>/dev/null; fi; exit $s';

/** The argv that runs `command args` as a step whose CPU is reported on fd 3. */
export function stepCommand(command: string, args: string[]): { command: string; args: string[] } {
  return { command: STEP_SHELL, args: ['-c', STEP_SCRIPT, command, ...args] };
}

/** The command a step's leader runs, given its argv: the step's command when it is our shell, else argv itself. */
export function unwrapStep(argv: string[]): string[] {
  return argv.length >= 4 && argv[0] === STEP_SHELL && argv[1] === '-c' && argv[2] === STEP_SCRIPT ? argv.slice(3) : argv;
}

export interface StepCpu {
  /** CPU seconds in user mode. */
  user: number;
  /** CPU seconds in the kernel (process creation, page faults, file system...). */
  sys: number;
}

export type StepReport = { cpu: StepCpu } | { cannotRun: true } | { unknown: true };

/**
 * What the step's shell wrote on fd 3. `times` prints two lines, the shell's own user and system
 * time, then its children's, each as <minutes>m<seconds>s: dash `0m1.230000s`, bash `0m1.230s`,
 * busybox `0m 1.23s`. Both lines are added up (the shell's own is a millisecond or so). Anything
 * else (a shell killed before it printed) is unknown: never a failure of the step.
 */
export function parseStepReport(text: string): StepReport {
  if (/^cannot-run$/m.test(text)) return { cannotRun: true };
  const times = [...text.matchAll(/(\d+)m\s*(\d+(?:[.,]\d*)?)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]!.replace(',', '.')));
  if (times.length !== 4 || times.some((t) => !Number.isFinite(t))) return { unknown: true };
  const [selfUser, selfSys, childUser, childSys] = times as [number, number, number, number];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { cpu: { user: round(selfUser + childUser), sys: round(selfSys + childSys) } };
}

/** `12.3 s user, 4.5 s sys`: how a step's CPU reads in logs. */
export function describeCpu(cpu: StepCpu): string {
  return `${cpu.user.toFixed(1)} s user, ${cpu.sys.toFixed(1)} s sys`;
}
