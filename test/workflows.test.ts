/**
 * The repository's own workflows (.github/workflows) and its action.yml pass both workflow linters
 * (test/support/workflow-lint.ts), which do find a broken file; and the workflows keep the layout
 * CONTRIBUTING.md describes: least-privilege permissions, concurrency groups, pinned actions.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fileTempDir } from './support/temp-dir.js';
import { formatFindings, lintActionMetadata, lintWorkflow } from './support/workflow-lint.js';

const root = new URL('..', import.meta.url).pathname;

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown[]> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string };
  jobs: Record<string, Job>;
}

let workflows: Record<string, { text: string; parsed: Workflow }>;
beforeAll(async () => {
  const dir = join(root, '.github', 'workflows');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yml')).sort();
  workflows = {};
  for (const f of files) {
    const text = await readFile(join(dir, f), 'utf8');
    workflows[f] = { text, parsed: parse(text) as Workflow };
  }
});

const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const runs = (w: Workflow) =>
  steps(w)
    .map((s) => s.run ?? '')
    .join('\n');

describe('the workflow linters', () => {
  it('find nothing in any workflow of .github/workflows', async () => {
    expect(Object.keys(workflows)).toEqual(['action.yml', 'checks.yml', 'real-builds.yml', 'release.yml']);
    for (const [f, { text }] of Object.entries(workflows)) {
      expect(formatFindings(await lintWorkflow(text, `.github/workflows/${f}`)), f).toBe('');
    }
  });

  it('find nothing in action.yml', async () => {
    expect(formatFindings(lintActionMetadata(await readFile(join(root, 'action.yml'), 'utf8'), 'action.yml'))).toBe('');
  });

  describe('report a broken file', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await fileTempDir('pydebug-workflow-lint-');
    });

    it('a workflow with an undefined matrix property, a missing needed job and a misspelt key', async () => {
      const broken = join(dir, 'broken.yml');
      await writeFile(
        broken,
        `on: push
permissions: {}
jobs:
  test:
    needs: build
    runs-on: \${{ matrix.oss }}
    timeout-minute: 10
    strategy:
      matrix:
        os: [ubuntu-24.04]
    steps:
      - run: echo \${{ steps.nothing.outputs.x }}
`,
      );
      const findings = await lintWorkflow(await readFile(broken, 'utf8'), broken);
      const text = formatFindings(findings);
      expect(text).toMatch(/broken\.yml:6:\d+: property "oss" is not defined in object type \{os: string\} \[expression\] \(actionlint\)/);
      expect(text).toMatch(/job "test" needs job "build" which does not exist in this workflow/);
      expect(text).toMatch(/unexpected key "timeout-minute" for "job" section/);
      expect(text).toMatch(/property "nothing" is not defined/);
      expect(text).toMatch(/Additional property 'timeout-minute' is not allowed \(action-validator\)/);
    });

    it('action metadata with an unknown branding icon, an unknown runtime and an input without description', async () => {
      const broken = join(dir, 'action.yml');
      const good = await readFile(join(root, 'action.yml'), 'utf8');
      const text = good
        .replace('icon: cpu', 'icon: not-an-icon')
        .replace('using: node24', 'using: node99')
        .replace(/^ {4}description: Path of pydebug\.yml.*$/m, '    default-x: 1');
      expect(text).not.toBe(good);
      await writeFile(broken, text);
      const findings = formatFindings(lintActionMetadata(await readFile(broken, 'utf8'), broken));
      expect(findings).toMatch(/\/branding\/icon Enum conditions are not met/);
      expect(findings).toMatch(/\/runs\/using Enum conditions are not met/);
      expect(findings).toContain('/inputs/config/description This property is required (action-validator)');
      expect(findings).toContain("/inputs/config Property conditions are not met: Additional property 'default-x' is not allowed");
    });
  });
});

describe('the workflows', () => {
  it('each grants read-only contents at the top, has a concurrency group, and every job a timeout', () => {
    for (const [f, { parsed }] of Object.entries(workflows)) {
      expect(parsed.permissions, f).toEqual({ contents: 'read' });
      expect(parsed.concurrency.group, f).toMatch(/\$\{\{ github\.workflow \}\}/);
      for (const [name, job] of Object.entries(parsed.jobs)) expect(job['timeout-minutes'], `${f} ${name}`).toBeGreaterThan(0);
    }
  });

  it('only the release jobs write, each only what it needs', () => {
    const writes = Object.entries(workflows).flatMap(([f, { parsed }]) =>
      Object.entries(parsed.jobs).flatMap(([name, job]) =>
        Object.entries(job.permissions ?? {})
          .filter(([, level]) => level === 'write')
          .map(([scope]) => `${f} ${name} ${scope}`),
      ),
    );
    expect(writes).toEqual(['release.yml publish id-token', 'release.yml major-tag contents']);
  });

  it('every action is this checkout or pinned by major version or commit', () => {
    const uses = Object.values(workflows).flatMap(({ parsed }) => steps(parsed).flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(5);
    for (const u of uses) expect(u).toMatch(/^(\.\/|[\w.-]+\/[\w.-]+@(v\d+|[0-9a-f]{40}))$/);
  });

  it('checks: biome, tsc, the unit tests and the dist check on Node 22, 24 and 26 for every pull request', async () => {
    const { parsed } = workflows['checks.yml']!;
    expect(Object.keys(parsed.on)).toContain('pull_request');
    const { engines } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node).toBe('>=22');
    expect(parsed.jobs.unit!.strategy!.matrix.node).toEqual([22, 24, 26]);
    const script = runs(parsed);
    for (const command of ['npm ci', 'npx biome ci .', 'npx tsc --noEmit', 'npx vitest run --project unit', 'npm run build', 'git diff --exit-code']) expect(script).toContain(command);
  });

  it('real builds: .ci/run on main and nightly, within CI’s 90 minutes', () => {
    const { parsed } = workflows['real-builds.yml']!;
    expect(parsed.on.push).toEqual({ branches: ['main'] });
    expect(parsed.on.schedule).toHaveLength(1);
    const job = parsed.jobs['ci-run']!;
    expect(job['runs-on']).toBe('ubuntu-24.04');
    expect(job['timeout-minutes']).toBe(90);
    expect(runs(parsed)).toMatch(/^\s*\.ci\/run$/m);
  });

  it('action: the checkout as the Action on both architectures, sync: false and one variant built, then python, pip and pydebug', () => {
    const { parsed } = workflows['action.yml']!;
    for (const job of Object.values(parsed.jobs)) expect(job.strategy!.matrix.os).toEqual(['ubuntu-24.04', 'ubuntu-24.04-arm']);
    const local = (job: Job) => job.steps.find((s) => s.uses === './')!;
    expect(local(parsed.jobs['matrix-only']!).with).toMatchObject({ sync: false });
    expect(local(parsed.jobs['build-one']!).with).toMatchObject({ variants: 'debug' });
    const later = parsed.jobs['build-one']!.steps.slice(parsed.jobs['build-one']!.steps.indexOf(local(parsed.jobs['build-one']!)) + 1);
    const script = later.map((s) => s.run ?? '').join('\n');
    for (const command of [/^\s*python -c/m, /^\s*pip install/m, /^\s*pydebug run debug --/m]) expect(script).toMatch(command);
    expect(runs({ ...parsed, jobs: { m: parsed.jobs['matrix-only']! } })).toMatch(/^\s*pydebug --version$/m);
  });

  it('release: on a v* tag, npm publish with provenance, then the major tag the README names moves', async () => {
    const { parsed } = workflows['release.yml']!;
    expect(parsed.on.push).toEqual({ tags: ['v*'] });
    const publish = parsed.jobs.publish!;
    expect(publish.steps.find((s) => s.run === 'npm publish --provenance --access public')).toBeDefined();
    expect(workflows['release.yml']!.text).toContain(`NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}`);
    const moveTag = runs({ ...parsed, jobs: { t: parsed.jobs['major-tag']! } });
    expect(moveTag).toContain(`major="\${TAG%%.*}"`);
    expect(moveTag).toContain('git tag -f "$major" "$GITHUB_SHA"');
    expect(moveTag).toContain('git push -f origin "refs/tags/$major"');
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('uses: pydebug/pydebug-action@v1');
  });
});

describe('dependabot', () => {
  it('updates the npm devDependencies and the actions weekly, one grouped pull request each', async () => {
    const config = parse(await readFile(join(root, '.github', 'dependabot.yml'), 'utf8')) as {
      version: number;
      updates: { 'package-ecosystem': string; directory: string; schedule: { interval: string }; groups: Record<string, { patterns: string[] }> }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem'])).toEqual(['npm', 'github-actions']);
    for (const u of config.updates) {
      expect(u.directory).toBe('/');
      expect(u.schedule.interval).toBe('weekly');
      expect(Object.values(u.groups).map((g) => g.patterns)).toEqual([['*']]);
    }
  });
});
