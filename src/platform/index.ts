/**
 * Everything that differs between Linux and macOS runners, through one entry point: the
 * compiler (compiler.ts), the build's environment (build-env.ts), make and the interpreter it
 * leaves (make.ts), build dependencies and apt (packages.ts), ThreadSanitizer's kernel setting
 * (sanitizer-sysctl.ts), the cache dir; here, core count and build priority. Linux first; macOS
 * follows the same shape.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import { isMac } from './os.js';

export * from './build-env.js';
export type { Env } from './cache-dir.js';
export { userCacheDir } from './cache-dir.js';
export * from './compiler.js';
export * from './make.js';
export * from './packages.js';
export * from './sanitizer-sysctl.js';

export function cpuCount(): number {
  return Math.max(1, availableParallelism());
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
