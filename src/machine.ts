/**
 * What platform/ measures of the machine (compiler.ts) and lock/ hashes into entry keys
 * (resolve.ts): below both, so the platform code needs nothing of the lock's.
 */

/** Everything about the machine that changes the build output but is not in the lock. */
export interface MachineIdentity {
  os: string;
  arch: string;
  /** Compiler identity (its --version and target) and libc, hashed into the key. */
  toolchain: string;
}
