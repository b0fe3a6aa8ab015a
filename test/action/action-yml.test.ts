import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadInputs } from '../../src/action/inputs.js';

const root = new URL('../..', import.meta.url).pathname;

interface ActionYml {
  runs: { using: string; main: string; post: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

async function load() {
  const action = parse(await readFile(`${root}action.yml`, 'utf8')) as ActionYml;
  const readme = await readFile(`${root}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## GitHub Action'), readme.indexOf('## pydebug.lock'));
  /** The rows of the table under `header`, up to the first blank line: [name, second column]. */
  const rows = (header: string) => {
    const table = section.slice(section.indexOf(header)).split('\n\n')[0]!;
    return [...table.matchAll(/^\| `([a-z-]+)` \|([^|]*)\|/gm)].map((m) => [m[1]!, m[2]!.trim().replace(/`/g, '')] as const);
  };
  return { action, inputs: rows('| input |'), outputs: rows('| output |') };
}

describe('action.yml', () => {
  it('runs the committed bundles on node24', async () => {
    const { action } = await load();
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/main.js', post: 'dist/action/post.js' });
  });

  it('documents in the README exactly the inputs it declares, with the same defaults', async () => {
    const { action, inputs } = await load();
    expect(inputs).toEqual(Object.entries(action.inputs).map(([name, i]) => [name, i.default ?? '']));
  });

  it('documents in the README exactly the outputs it declares', async () => {
    const { action, outputs } = await load();
    expect(outputs.map(([name]) => name)).toEqual(Object.keys(action.outputs));
  });

  it('every declared input is read by loadInputs, with the declared default', async () => {
    const { action } = await load();
    const asked = new Set<string>();
    const inputs = loadInputs((name) => {
      asked.add(name);
      return action.inputs[name]?.default ?? '';
    });
    expect([...asked].sort()).toEqual(Object.keys(action.inputs).sort());
    expect(inputs).toEqual({
      config: 'pydebug.yml',
      variants: [],
      versions: [],
      cache: true,
      saveCache: true,
      frozen: true,
      jobs: undefined,
      workingDirectory: '.',
      addToPath: true,
      sync: true,
      installDependencies: true,
      registry: '',
      registryToken: '',
      githubToken: '${{ github.token }}',
      push: 'auto',
    });
  });

  it("accepts setup-python's update-environment as well as add-to-path: either false turns it off", () => {
    const inputs = (given: Record<string, string>) => loadInputs((n) => given[n] ?? '');
    expect(inputs({}).addToPath).toBe(true);
    expect(inputs({ 'update-environment': 'false' }).addToPath).toBe(false);
    expect(inputs({ 'add-to-path': 'false' }).addToPath).toBe(false);
    expect(inputs({ 'add-to-path': 'true', 'update-environment': 'false' }).addToPath).toBe(false);
  });

  it('reads install-dependencies as auto or false', () => {
    const inputs = (value: string) => loadInputs((n) => (n === 'install-dependencies' ? value : ''));
    expect(inputs('auto').installDependencies).toBe(true);
    expect(inputs('').installDependencies).toBe(true);
    expect(inputs('false').installDependencies).toBe(false);
    expect(() => inputs('always')).toThrow(/input install-dependencies must be auto or false, not "always"/);
  });

  it('reads push as auto, true or false', () => {
    const push = (value: string) => loadInputs((n) => (n === 'push' ? value : '')).push;
    expect([push(''), push('auto'), push('true'), push('false'), push('off')]).toEqual(['auto', 'auto', 'true', 'false', 'false']);
    expect(() => push('sometimes')).toThrow(/input push must be auto, true or false, not "sometimes"/);
  });

  it('refuses malformed input values', () => {
    expect(() => loadInputs((n) => (n === 'cache' ? 'maybe' : ''))).toThrow(/input cache must be true or false, not "maybe"/);
    expect(() => loadInputs((n) => (n === 'jobs' ? '0' : ''))).toThrow(/input jobs must be a whole number from 1 to 256/);
    expect(loadInputs((n) => (n === 'variants' ? 'debug, trace-refs\nvalgrind' : '')).variants).toEqual(['debug', 'trace-refs', 'valgrind']);
  });
});
