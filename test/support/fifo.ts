/**
 * FIFOs put where pydebug expects a regular file. A reader that blocks on one (the bug these
 * tests catch) would hold a libuv thread forever; releaseFifos opens each for writing, without
 * blocking, which lets such a reader go, so a failing test does not wedge the worker.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

const made: string[] = [];

export function makeFifo(path: string): string {
  execFileSync('mkfifo', [path]);
  made.push(path);
  return path;
}

export function releaseFifos(): void {
  for (const path of made.splice(0)) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: no reader waits on it; ENOENT: already removed.
    }
  }
}
