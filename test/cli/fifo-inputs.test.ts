/**
 * A FIFO where pydebug keeps a small file of its own (here a project environment's record,
 * .pydebug/envs/<id>/pydebug-env.json) is refused at once, never waited on: the record reads as
 * missing and `run` makes the environment again; a FIFO among the store's mutex files is no one's
 * mutex, and `clean` takes its place. In process, a built entry written by hand.
 */
import { lstat, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFifo, releaseFifos } from '../support/fifo.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

let p: TestProject;
beforeEach(async () => {
  p = await makeProject();
  await fakeBuiltEntry(p.store, (await entryKeys(p))['3.13.2-debug']!, '3.13.2-debug');
});
afterEach(async () => {
  releaseFifos();
  await p.cleanup();
});

describe('a FIFO in place of pydebug-env.json', () => {
  it('run makes the environment again instead of hanging', async () => {
    expect((await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 4'])).code).toBe(4);
    const record = join(p.dir, '.pydebug', 'envs', '3.13.2-debug', 'pydebug-env.json');
    expect((await lstat(record)).isFile()).toBe(true);
    await rm(record);
    makeFifo(record);
    const r = await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 5']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('environment ready');
    expect((await lstat(record)).isFile()).toBe(true);
  }, 5_000);
});

describe("a FIFO in place of a mutex file in the store's locks/", () => {
  it('clean breaks it instead of hanging', async () => {
    await mkdir(p.store.mutexesDir, { recursive: true });
    const fifo = makeFifo(join(p.store.mutexesDir, 'entry-0123456789abcdef.lock'));
    const r = await p.pydebug(['clean']);
    expect(r.code, r.stderr).toBe(0);
    expect(await lstat(fifo).catch(() => undefined)).toBeUndefined();
  }, 5_000);
});
