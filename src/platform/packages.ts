/**
 * The build dependencies: what to tell a user to install, and on Debian/Ubuntu the packages a
 * set of builds needs, installed with apt-get when they are missing (the Action's
 * install-dependencies).
 */
import type { Env } from './cache-dir.js';
import { isMac } from './os.js';

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
