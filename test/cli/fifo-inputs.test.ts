/**
 * A FIFO where pydebug keeps a small file of its own (here a project environment's record,
 * .pydebug/envs/<id>/pydebug-env.json) is refused at once, never waited on: the record reads as
 * missing and `run` makes the environment again. In process, a built entry written by hand.
 */
import { lstat, rm } from 'node:fs/promises';
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
