/**
 * The C compiler: which one a variant gets, what it says of itself (version, target, with the
 * machine's C library: the toolchain part of an entry's key), what it can find (headers, the
 * LLVM tools of a JIT build, clang's llvm-symbolizer).
 */
import { readFileSync, statSync } from 'node:fs';
import { arch as osArch, platform as osPlatform } from 'node:os';
import type { MachineIdentity } from '../machine.js';
import { buildEnvironment } from './build-env.js';
import type { Env } from './cache-dir.js';
import { isMac } from './os.js';

/** The C compiler pydebug uses when a variant declares none. */
export function defaultCompiler(env: Env): string {
  return env.CC?.trim() || (isMac ? 'clang' : 'gcc');
}

/** What a compiler says of itself. */
export interface CompilerFacts {
  /** First line of `cc --version`. */
  version: string;
  /** `cc -dumpmachine`, e.g. x86_64-linux-gnu. */
  target: string;
  /** The machine's C library (libcIdentity), kept with the compiler's answers when its file is known (libcFile). */
  libc?: string | undefined;
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

/** The C library the machine runs, e.g. "glibc 2.41": 1.5-2 ms of a process report, so cached by its file (libcFile). */
function libcIdentity(): string {
  const report = process.report;
  if (!report?.getReport) return osPlatform();
  // Without the network part and the environment, the report takes a few ms instead of tens.
  Object.assign(report, { excludeNetwork: true, excludeEnv: true });
  const header = (report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : osPlatform();
}

/**
 * The C library's file as this process mapped it, "<device> <inode> <path>" (/proc/self/maps), or
 * undefined off Linux or when it cannot be told. An upgrade of the C library is a new file (the
 * package manager renames one into place), so what is recorded under this name is asked again.
 */
export function libcFile(maps = readMaps()): string | undefined {
  for (const line of maps?.split('\n') ?? []) {
    const fields = line.trim().split(/\s+/);
    const path = fields.slice(5).join(' ');
    if (fields.length >= 6 && /\/libc(\.so\.[^/]*|-[^/]*\.so)$/.test(path)) return `${fields[3]} ${fields[4]} ${path}`;
  }
  return undefined;
}

function readMaps(): string | undefined {
  if (osPlatform() !== 'linux') return undefined;
  try {
    return readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Identify a compiler (cached per process, and in `facts` across processes, with the C library
 * where its file is known). Throws a PydebugError-worthy message if missing.
 */
export function probeToolchain(compiler: string, env: Env, facts?: CompilerFactsCache): Promise<Toolchain> {
  let pending = toolchainCache.get(compiler);
  if (!pending) {
    pending = (async () => {
      let said = await facts?.get(compiler);
      if (!said) {
        said = { ...(await askCompiler(compiler, env)), libc: libcIdentity() };
        await facts?.put(compiler, said);
      }
      const machine: MachineIdentity = {
        os: osPlatform(),
        arch: osArch(),
        toolchain: `${compiler}\n${said.version}\n${said.target}\n${said.libc ?? libcIdentity()}`,
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
