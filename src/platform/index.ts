/**
 * Everything that differs between Linux and macOS runners: compiler, core count, cache dir,
 * build dependency hints, interpreter names. Linux first; macOS follows the same shape.
 */
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism, arch as osArch, platform as osPlatform, setPriority } from 'node:os';
import { readTextFile } from '../files/read-text.js';
import type { MachineIdentity } from '../lock/resolve.js';

export type { Env } from './cache-dir.js';
export { userCacheDir } from './cache-dir.js';
import type { Env } from './cache-dir.js';

const isMac = osPlatform() === 'darwin';

export function cpuCount(): number {
  return Math.max(1, availableParallelism());
}

/** The C compiler pydebug uses when a variant declares none. */
export function defaultCompiler(env: Env): string {
  return env.CC?.trim() || (isMac ? 'clang' : 'gcc');
}

export const MAKE = 'make';

/** What to install when configure or make cannot find a dependency. */
export function buildDependencyHint(): string {
  return isMac
    ? 'install the build dependencies: xcode-select --install; brew install pkg-config openssl@3 xz gdbm tcl-tk'
    : 'install the build dependencies: apt-get install build-essential pkg-config libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev libreadline-dev libncurses-dev uuid-dev libgdbm-dev tk-dev';
}

export function valgrindHint(): string {
  return isMac ? 'Valgrind does not run on current macOS; drop valgrind: true for this platform' : 'install Valgrind (apt-get install valgrind), which provides valgrind/valgrind.h';
}

/**
 * Environment variables that would change a build without being in the lock. They are removed
 * from configure's and make's environment; the lock's configure arguments say everything.
 */
const BUILD_ENV_DENYLIST = [
  'CC',
  'CXX',
  'CPP',
  'CFLAGS',
  'CPPFLAGS',
  'CXXFLAGS',
  'LDFLAGS',
  'LIBS',
  'LDSHARED',
  'EXTRA_CFLAGS',
  'OPT',
  'MAKEFLAGS',
  'MFLAGS',
  'MAKELEVEL',
  'CONFIG_SITE',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONSTARTUP',
  'PYTHONSAFEPATH',
  'PYTHONUSERBASE',
  'PYTHONNOUSERSITE',
  'PYTHONDEVMODE',
  'PYTHONMALLOC',
  'PYTHONWARNINGS',
  'PROFILE_TASK',
  'DESTDIR',
];

/**
 * The runner's credentials and where to spend them: the Actions runtime's token and service
 * URLs (cache, results, OIDC), the job's GITHUB_TOKEN, pydebug's own registry token, and any
 * variable named like a credential (NPM_TOKEN, AWS_SECRET_ACCESS_KEY, PYPI_PASSWORD...). A
 * build runs configure and make of whatever tarball or commit the lock names, and a probe runs
 * an interpreter restored from a cache: neither needs to authenticate to anything, so none of
 * these reach them, whatever the tarball's scripts would do with them.
 */
const RUNNER_SECRETS = new Set([
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'PYDEBUG_REGISTRY_TOKEN',
]);
const CREDENTIAL_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)(_|$)/i;

export function isRunnerSecret(name: string): boolean {
  return RUNNER_SECRETS.has(name) || CREDENTIAL_NAME.test(name);
}

/** `env` without the runner's credentials (isRunnerSecret): what every program pydebug runs on a tarball's or a cache's behalf gets. */
export function withoutRunnerSecrets(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !isRunnerSecret(k)) out[k] = v;
  return out;
}

/** configure's, make's and the compiler checks' environment: the user's, minus what would change the build and the runner's credentials. */
export function buildEnvironment(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(withoutRunnerSecrets(env))) {
    if (!BUILD_ENV_DENYLIST.includes(k)) out[k] = v;
  }
  // Stable messages in logs, whatever the user's locale.
  out.LC_ALL = 'C';
  return out;
}

/**
 * Lowers a process's scheduling priority (nice); best effort. On Linux with autogroup
 * scheduling, a process that started its own session (our detached builds do) is weighed by its
 * session's autogroup, so the autogroup gets the same nice value, or nice would have no effect.
 */
export function trySetPriority(pid: number, niceness: number): void {
  const nice = Math.min(19, niceness);
  try {
    setPriority(pid, nice);
  } catch {
    // not permitted here: builds still run, only less staggered
  }
  if (!isMac) {
    try {
      writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    } catch {
      // no autogroup scheduling on this kernel
    }
  }
}

/** The interpreter names `make install` may create, most specific last. */
export function interpreterCandidates(version: string, abiflags: string): string[] {
  const [major, minor] = version.split('.');
  const t = abiflags.includes('t') ? 't' : '';
  return [`python${major}${t}`, `python${major}.${minor}${t}`, `python${major}`, `python${major}.${minor}`];
}

/** Name of the interpreter left in an out-of-tree build directory. */
export const BUILD_DIR_PYTHON = isMac ? 'python.exe' : 'python';

/** What a compiler says of itself. */
export interface CompilerFacts {
  /** First line of `cc --version`. */
  version: string;
  /** `cc -dumpmachine`, e.g. x86_64-linux-gnu. */
  target: string;
}

export interface Toolchain extends CompilerFacts {
  compiler: string;
  machine: MachineIdentity;
}

/** Where probeToolchain may find and leave what a compiler said (the store's cache, compiler-facts.ts). */
export interface CompilerFactsCache {
  get(compiler: string): Promise<CompilerFacts | undefined>;
  put(compiler: string, facts: CompilerFacts): Promise<void>;
}

const toolchainCache = new Map<string, Promise<Toolchain>>();

async function askCompiler(compiler: string, env: Env): Promise<CompilerFacts> {
  // Loaded here, not at the top: which and run (with the compiler's answers cached) start no process.
  const { execa } = await import('execa');
  const opts = { env: buildEnvironment(env), extendEnv: false, reject: false, timeout: 30_000 } as const;
  const [version, target] = await Promise.all([execa(compiler, ['--version'], opts), execa(compiler, ['-dumpmachine'], opts)]);
  if (version.exitCode !== 0 || version.failed) {
    throw new Error(`the C compiler "${compiler}" could not be run (${version.shortMessage ?? version.stderr})`);
  }
  return { version: version.stdout.split('\n')[0]?.trim() ?? '', target: target.stdout.trim() };
}

/** The C library the machine runs, e.g. "glibc 2.41" (read every time: an upgrade changes it). */
function libcIdentity(): string {
  const report = process.report;
  if (!report?.getReport) return osPlatform();
  // Without the network part, the report takes a few ms instead of tens.
  (report as { excludeNetwork?: boolean }).excludeNetwork = true;
  const header = (report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : osPlatform();
}

/**
 * Identify a compiler (cached per process, and in `facts` across processes). Throws a
 * PydebugError-worthy message if missing.
 */
export function probeToolchain(compiler: string, env: Env, facts?: CompilerFactsCache): Promise<Toolchain> {
  let pending = toolchainCache.get(compiler);
  if (!pending) {
    pending = (async () => {
      let said = await facts?.get(compiler);
      if (!said) {
        said = await askCompiler(compiler, env);
        await facts?.put(compiler, said);
      }
      const machine: MachineIdentity = {
        os: osPlatform(),
        arch: osArch(),
        toolchain: `${compiler}\n${said.version}\n${said.target}\n${libcIdentity()}`,
      };
      return { compiler, version: said.version, target: said.target, machine };
    })();
    toolchainCache.set(compiler, pending);
    pending.catch(() => toolchainCache.delete(compiler));
  }
  return pending;
}

/**
 * The command Tools/jit/_llvm.py would find for an LLVM `tool` of major version `major`: the
 * unversioned name when its --version says that version, else `<tool>-<major>` (Homebrew's
 * llvm@N is the third place it looks, on macOS). Undefined when neither is on PATH.
 */
export async function findLlvmTool(tool: string, major: number, env: Env): Promise<string | undefined> {
  const { execa } = await import('execa');
  const pattern = new RegExp(`(?<!Apple )(LLVM|clang) version\\s+${major}\\.\\d+\\.\\d+`);
  for (const command of [tool, `${tool}-${major}`]) {
    const r = await execa(command, ['--version'], { env: buildEnvironment(env), extendEnv: false, reject: false, timeout: 30_000 });
    if (r.exitCode === 0 && pattern.test(r.stdout)) return command;
  }
  return undefined;
}

/** Whether the compiler can find a header (e.g. valgrind/valgrind.h for --with-valgrind). */
export async function compilerHasHeader(compiler: string, header: string, env: Env): Promise<boolean> {
  const { execa } = await import('execa');
  const r = await execa(compiler, ['-E', '-x', 'c', '-'], {
    input: `#include <${header}>\n`,
    env: buildEnvironment(env),
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  return r.exitCode === 0;
}

/**
 * Debian/Ubuntu packages CPython's configure and make need (npm test installs them for its tests),
 * valgrind for valgrind: true (its valgrind/valgrind.h), and the compiler a variant names when
 * it is not the default one (clang, clang-18, gcc-14...).
 */
export const DEBIAN_BUILD_PACKAGES = [
  'build-essential',
  'pkg-config',
  'libssl-dev',
  'libffi-dev',
  'zlib1g-dev',
  'libbz2-dev',
  'liblzma-dev',
  'libsqlite3-dev',
  'libreadline-dev',
  'libncurses-dev',
  'uuid-dev',
  'libgdbm-dev',
  'tk-dev',
];

export function debianBuildPackages(builds: Array<{ compiler: string; valgrind: boolean; sanitizers?: boolean; jitLlvm?: number | undefined }>): string[] {
  const packages = new Set(DEBIAN_BUILD_PACKAGES);
  for (const b of builds) {
    if (b.valgrind) packages.add('valgrind');
    // The JIT's stencils are compiled by Tools/jit/build.py with clang-N and read with llvm-readobj-N (package llvm-N).
    if (b.jitLlvm !== undefined) {
      packages.add(`clang-${b.jitLlvm}`);
      packages.add(`llvm-${b.jitLlvm}`);
    }
    // A compiler named by path (/opt/...) is the user's own; only apt's names are installed.
    const apt = /^(clang|gcc)(-(\d+))?$/.exec(b.compiler);
    if (apt && b.compiler !== 'gcc') packages.add(b.compiler);
    // clang's sanitizer runtimes (compiler-rt) are a package of their own; gcc's come with it.
    // and their reports name functions through the same LLVM's llvm-symbolizer (package llvm-N).
    if (apt?.[1] === 'clang' && b.sanitizers) {
      packages.add(apt[3] ? `libclang-rt-${apt[3]}-dev` : 'libclang-rt-dev');
      if (apt[3]) packages.add(`llvm-${apt[3]}`);
    }
  }
  return [...packages];
}

/**
 * The llvm-symbolizer of a versioned clang (Debian's and apt.llvm.org's layout), which clang's
 * sanitizer runtimes need to name functions in their reports: without it, or with another LLVM's
 * (/usr/bin/llvm-symbolizer of the default LLVM), a TSan report's frames read `<null>`. gcc's
 * runtimes symbolize by themselves. Undefined when there is none to point at.
 */
export function llvmSymbolizer(compiler: string): string | undefined {
  const version = /^clang-(\d{1,3})$/.exec(compiler)?.[1];
  if (!version || isMac) return undefined;
  const path = `/usr/lib/llvm-${version}/bin/llvm-symbolizer`;
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ThreadSanitizer maps its shadow memory at fixed addresses: with more than 28 bits of mmap
 * randomization (newer kernels default to 32), its runtime dies at start ("FATAL: ThreadSanitizer:
 * unexpected memory mapping"), at the build's first run of ./python. CPython's CI sets 28.
 */
export const TSAN_MAX_MMAP_RND_BITS = 28;

/** vm.mmap_rnd_bits of this kernel, or undefined where it cannot be read (macOS, containers). */
export async function readMmapRndBits(path = '/proc/sys/vm/mmap_rnd_bits'): Promise<number | undefined> {
  const text = await readTextFile(path, 4096).catch(() => undefined);
  const bits = text === undefined ? NaN : Number(text.trim());
  return Number.isInteger(bits) ? bits : undefined;
}

/**
 * For the Action (install-dependencies: auto), as CPython's CI does: lowers vm.mmap_rnd_bits to
 * 28 when it is higher, so ThreadSanitizer interpreters can start in this job's steps (it lasts
 * until the runner reboots). Returns whether it changed it; a failure only warns (sync then
 * stops with the reason and the command).
 */
export async function allowThreadSanitizer(env: Env, log: PackageLog, signal?: AbortSignal, file = '/proc/sys/vm/mmap_rnd_bits'): Promise<boolean> {
  const { execa } = await import('execa');
  const bits = await readMmapRndBits(file);
  if (!tsanKernelProblem(bits)) return false;
  const asRoot = process.getuid?.() === 0;
  const args = ['-w', `vm.mmap_rnd_bits=${TSAN_MAX_MMAP_RND_BITS}`];
  const r = await execa(asRoot ? 'sysctl' : 'sudo', asRoot ? args : ['sysctl', ...args], { env: { ...env, LC_ALL: 'C' }, extendEnv: false, reject: false, cancelSignal: signal, all: true });
  if (r.exitCode !== 0) {
    log.warning(
      `ThreadSanitizer: could not set vm.mmap_rnd_bits=${TSAN_MAX_MMAP_RND_BITS} (was ${bits}): ${String(r.all ?? r.message)
        .trim()
        .split('\n')
        .slice(-3)
        .join(' ')}`,
    );
    return false;
  }
  log.info(`ThreadSanitizer: vm.mmap_rnd_bits lowered from ${bits} to ${TSAN_MAX_MMAP_RND_BITS} (as CPython's CI does), for this job's TSan interpreters`);
  return true;
}

/** Why ThreadSanitizer interpreters cannot run on this kernel (pure), or undefined. */
export function tsanKernelProblem(mmapRndBits: number | undefined): { message: string; hint: string } | undefined {
  if (mmapRndBits === undefined || mmapRndBits <= TSAN_MAX_MMAP_RND_BITS) return undefined;
  return {
    message: `this kernel randomizes mmap with vm.mmap_rnd_bits=${mmapRndBits}; ThreadSanitizer needs at most ${TSAN_MAX_MMAP_RND_BITS} (its runtime would stop at start with "unexpected memory mapping")`,
    hint: `run \`sudo sysctl -w vm.mmap_rnd_bits=${TSAN_MAX_MMAP_RND_BITS}\` (as CPython's CI does; it lasts until reboot), then retry`,
  };
}

/**
 * The wanted packages dpkg does not report installed, in the wanted order. `dpkgStatus` is the
 * output of `dpkg-query -W -f='${Package}\t${Status}\n' <wanted...>`: one line per known package
 * (one per architecture for multi-arch ones); unknown packages have no line.
 */
export function missingPackages(wanted: string[], dpkgStatus: string): string[] {
  const installed = new Set<string>();
  for (const line of dpkgStatus.split('\n')) {
    const [name, status] = line.split('\t');
    if (name && status?.trim() === 'install ok installed') installed.add(name.replace(/:.*$/, ''));
  }
  return wanted.filter((p) => !installed.has(p));
}

export interface PackageLog {
  info(message: string): void;
  warning(message: string): void;
}

/**
 * Installs the packages of `wanted` that are missing, with apt-get (through sudo unless root).
 * Returns what it installed. On a machine without dpkg-query (not Debian/Ubuntu) it only says so:
 * configure's own errors (with buildDependencyHint) then name what is missing.
 */
export async function installMissingPackages(wanted: string[], env: Env, log: PackageLog, signal?: AbortSignal): Promise<string[]> {
  const { execa } = await import('execa');
  const opts = { env: { ...env, LC_ALL: 'C' }, extendEnv: false, reject: false, cancelSignal: signal } as const;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format fields, not JavaScript's
  const query = await execa('dpkg-query', ['-W', '-f=${Package}\\t${Status}\\n', ...wanted], opts);
  if (query.code === 'ENOENT') {
    log.info('build dependencies: no dpkg-query here (not Debian or Ubuntu); not installing any');
    return [];
  }
  const missing = missingPackages(wanted, String(query.stdout));
  if (missing.length === 0) {
    log.info(`build dependencies: all ${wanted.length} packages are installed (${wanted.join(' ')})`);
    return [];
  }
  log.info(`build dependencies: installing ${missing.join(' ')}`);
  const asRoot = process.getuid?.() === 0;
  const apt = (args: string[]) => execa(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], { ...opts, env: { ...opts.env, DEBIAN_FRONTEND: 'noninteractive' }, all: true });
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', '--no-install-recommends', ...missing],
  ]) {
    const r = await apt(args);
    if (r.exitCode !== 0) {
      log.warning(
        `build dependencies: apt-get ${args[0]} failed (exit ${r.exitCode ?? r.signal ?? r.code}); building anyway:\n${String(r.all ?? r.message)
          .trim()
          .split('\n')
          .slice(-10)
          .join('\n')}`,
      );
      return [];
    }
  }
  return missing;
}
