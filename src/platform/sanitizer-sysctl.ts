/** The kernel setting ThreadSanitizer needs (vm.mmap_rnd_bits): read, explained, and lowered for the Action. */

import { readTextFile } from '../files/read-text.js';
import type { Env } from './cache-dir.js';
import type { PackageLog } from './packages.js';

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
 * 28 when it is higher, so ThreadSanitizer interpreters can start in the rest of this job (it lasts
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
