/**
 * The action's state the main run hands to the post run, through the real @actions/core: saveState
 * appends to the GITHUB_STATE file, and the runner gives each value back as STATE_<name>.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionState, STATE_HOME, STATE_PENDING_SAVES } from '../../src/action/state.js';
import { parseFileCommands } from '../support/action-runner.js';
import { tempDir } from '../support/temp-dir.js';

let dir: string;
const saved = { ...process.env };
beforeEach(async () => {
  dir = await tempDir('pydebug-state-');
  process.env.GITHUB_STATE = join(dir, 'state');
  await writeFile(process.env.GITHUB_STATE, '');
});
afterEach(async () => {
  process.env = { ...saved };
});

/** What the runner does between the main and post runs: each line of GITHUB_STATE becomes STATE_<name>. */
async function handToPostRun(): Promise<void> {
  const state = parseFileCommands(await readFile(process.env.GITHUB_STATE!, 'utf8'));
  for (const [name, value] of Object.entries(state)) process.env[`STATE_${name}`] = value;
}

const PENDING = [
  { id: '3.13.2-debug', entryKey: 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-89abcdef', actionsKey: 'pydebug-3.13.2-debug-0123456789abcdef-linux-x64-89abcdef-ubuntu24-20261116.1' },
];

describe('ActionState over @actions/core', () => {
  it('hands the home and the pending saves to the post run', async () => {
    const main = new ActionState();
    main.setHome('/opt/hostedtoolcache/pydebug');
    main.setPendingSaves(PENDING);
    await handToPostRun();
    const post = new ActionState();
    expect(post.home()).toBe('/opt/hostedtoolcache/pydebug');
    expect(post.pendingSaves()).toEqual(PENDING);
  });

  it('writes no pending saves when there are none, and reads none back', async () => {
    new ActionState().setPendingSaves([]);
    expect(await readFile(process.env.GITHUB_STATE!, 'utf8')).toBe('');
    await handToPostRun();
    expect(new ActionState().home()).toBeUndefined();
    expect(new ActionState().pendingSaves()).toEqual([]);
  });

  it('refuses pending saves that are not what the main run writes', () => {
    process.env[`STATE_${STATE_PENDING_SAVES}`] = '[{"id": "x", "dir": "/etc", "key": "k"}]';
    expect(() => new ActionState().pendingSaves()).toThrow(`the state ${STATE_PENDING_SAVES} is not a list of pending saves`);
    process.env[`STATE_${STATE_PENDING_SAVES}`] = '[{';
    expect(() => new ActionState().pendingSaves()).toThrow(`the state ${STATE_PENDING_SAVES} is not valid JSON`);
  });

  it('reads what a provider holds: the names are the ones the runner keeps', () => {
    const values = new Map([[STATE_HOME, '/home/runner/pydebug']]);
    const state = new ActionState({ setState: (n, v) => values.set(n, v), getState: (n) => values.get(n) ?? '' });
    state.setPendingSaves(PENDING);
    expect(JSON.parse(values.get(STATE_PENDING_SAVES)!)).toEqual(PENDING);
    expect(state.home()).toBe('/home/runner/pydebug');
  });
});
