import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../src/config/load.js';
import { RECIPE_CONFIG } from './support/fixtures.js';
import { formatFindings, lintWorkflow } from './support/workflow-lint.js';

const root = new URL('..', import.meta.url).pathname;

async function configs(): Promise<string[]> {
  const found = (await readdir(join(root, 'examples'), { recursive: true })).filter((f) => f.endsWith('pydebug.yml')).map((f) => join('examples', f));
  return ['pydebug.yml', ...found.sort()];
}

describe('example configs', () => {
  it('every pydebug.yml in the repository loads, and names the schema for editors', async () => {
    const files = await configs();
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const text = await readFile(join(root, file), 'utf8');
      expect(text.split('\n')[0], file).toMatch(/^# yaml-language-server: \$schema=(\.\.?\/)+schema\/pydebug\.schema\.json$/);
      const schemaRef = text.split('\n')[0]!.split('$schema=')[1]!;
      await expect(readFile(join(root, file, '..', schemaRef), 'utf8'), `${file} points at the schema`).resolves.toMatch(/"\$schema"/);
      expect(() => parseConfigText(text, file), file).not.toThrow();
    }
  });

  it("the README shows the repository's pydebug.yml (the recipe) verbatim", async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const config = await readFile(join(root, 'pydebug.yml'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\n${config}\`\`\``);
    // The example, exactly as written.
    expect(config).toBe(RECIPE_CONFIG);
  });

  it('the matrix example expands as documented', async () => {
    const { projectConfig } = parseConfigText(await readFile(join(root, 'examples/matrix/pydebug.yml'), 'utf8'), 'x');
    expect(projectConfig.matrix).toHaveLength(11);
    expect(projectConfig.matrix.some((e) => e.id === '3.11.2-freethreading')).toBe(false);
  });
});

interface ExampleWorkflow {
  jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
}

async function exampleWorkflows(): Promise<{ file: string; text: string; parsed: ExampleWorkflow }[]> {
  const dir = join(root, 'examples', 'workflows');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const text = await readFile(join(dir, f), 'utf8');
      return { file: `examples/workflows/${f}`, text, parsed: parse(text) as ExampleWorkflow };
    }),
  );
}

/** The shell lines of a Markdown file's code blocks and inline code, and the run: scripts of the example workflows. */
async function documentedCommands(): Promise<{ where: string; line: string }[]> {
  const out: { where: string; line: string }[] = [];
  for (const file of ['README.md', 'examples/README.md']) {
    for (const line of (await readFile(join(root, file), 'utf8')).split('\n')) out.push({ where: file, line });
  }
  for (const { file, parsed } of await exampleWorkflows()) {
    for (const step of Object.values(parsed.jobs).flatMap((j) => j.steps)) for (const line of (step.run ?? '').split('\n')) out.push({ where: file, line });
  }
  return out;
}

describe('example workflows', () => {
  it('pass the workflow linters', async () => {
    const workflows = await exampleWorkflows();
    expect(workflows.map((w) => w.file)).toEqual([
      'examples/workflows/debug-variants.yml',
      'examples/workflows/fan-out.yml',
      'examples/workflows/shared-variants-consume.yml',
      'examples/workflows/shared-variants-publish.yml',
      'examples/workflows/upgrade-main.yml',
    ]);
    for (const { file, text } of workflows) expect(formatFindings(await lintWorkflow(text, file)), file).toBe('');
  });

  it('never fetch pydebug from a registry: each job that runs pydebug takes it from the Action first', async () => {
    for (const { file, text, parsed } of await exampleWorkflows()) {
      expect(text, file).not.toMatch(/\bnpx\b/);
      for (const [name, job] of Object.entries(parsed.jobs)) {
        const action = job.steps.findIndex((s) => s.uses === 'pydebug/pydebug-action@v1');
        job.steps.forEach((step, i) => {
          if (!/(^|[\s;&|(])pydebug\s/m.test(step.run ?? '')) return;
          expect(action, `${file} ${name}: runs pydebug without the Action`).toBeGreaterThanOrEqual(0);
          expect(i, `${file} ${name}: step ${i} runs pydebug before the Action put it on PATH`).toBeGreaterThan(action);
        });
      }
    }
  });

  it('the shared-variants pair: the publisher may write packages and pushes from the default branch; the consumer only reads', async () => {
    const workflows = await exampleWorkflows();
    const publish = workflows.find((w) => w.file.endsWith('shared-variants-publish.yml'))!;
    const consume = workflows.find((w) => w.file.endsWith('shared-variants-consume.yml'))!;
    const action = (w: typeof publish) =>
      Object.values(w.parsed.jobs)
        .flatMap((j) => j.steps)
        .filter((s) => s.uses?.startsWith('pydebug/pydebug-action'));
    expect((parse(publish.text) as { permissions: Record<string, string> }).permissions).toEqual({ contents: 'read', packages: 'write' });
    expect((parse(consume.text) as { permissions: Record<string, string> }).permissions).toEqual({ contents: 'read', packages: 'read' });
    expect(action(publish).some((s) => s.with?.push === 'auto')).toBe(true);
    expect(action(consume).every((s) => s.with?.push === false)).toBe(true);
    expect(publish.text).toMatch(/schedule:/);
  });

  it('upgrade-main gets pydebug from the Action without building anything, then upgrades the lock', async () => {
    const { parsed } = (await exampleWorkflows()).find((w) => w.file.endsWith('upgrade-main.yml'))!;
    const steps = parsed.jobs.upgrade!.steps;
    const action = steps.find((s) => s.uses === 'pydebug/pydebug-action@v1');
    expect(action?.with).toEqual({ sync: false, frozen: false });
    expect(steps.some((s) => s.uses?.startsWith('actions/setup-node'))).toBe(false);
    expect(steps.map((s) => s.run ?? '').join('\n')).toMatch(/^pydebug lock --upgrade /m);
  });
});

describe('documented commands run as written in a new environment', () => {
  it('the first npx pydebug command comes after the install of pydebug, in the README and examples/README.md', async () => {
    for (const file of ['README.md', 'examples/README.md']) {
      const text = await readFile(join(root, file), 'utf8');
      const install = text.indexOf('npm install --save-dev github:pydebug/pydebug-action');
      expect(install, `${file} installs pydebug`).toBeGreaterThan(-1);
      const firstCommand = text.search(/^(\$ )?npx pydebug /m);
      expect(firstCommand, `${file}: the first npx pydebug command`).toBeGreaterThan(install);
    }
  });

  it('every pip install of a project that then runs pytest installs pytest too', async () => {
    const testLines = (await documentedCommands()).filter(({ line }) => /pip install [^&]*&&\s*python -m pytest/.test(line));
    // The README's local line, its two Action lines, the examples README's and both example workflows'.
    expect(testLines.length).toBeGreaterThanOrEqual(6);
    for (const { where, line } of testLines) expect(line, where).toMatch(/pip install [^&]*\bpytest\b[^&]*&&\s*python -m pytest/);
  });

  it('pytest run under pydebug is always installed by the same command', async () => {
    for (const { where, line } of await documentedCommands()) {
      for (const m of line.matchAll(/pydebug run [^`']*?-- (?:sh -c '([^']*)'|(python -m pytest[^`]*))/g)) {
        const script = m[1] ?? m[2]!;
        if (script.includes('-m pytest')) expect(script, `${where}: ${line}`).toMatch(/pip install [^&]*\bpytest\b/);
      }
    }
  });
});
