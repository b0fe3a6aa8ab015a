/**
 * The published package: one bundle per entry point that needs only Node's own modules, so
 * installing pydebug adds one package (what it bundles is a devDependency), with the metadata
 * npm shows and the LICENSE package.json promises.
 */

import { readFile, stat } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The entry points scripts/build.mjs bundles. */
const ENTRIES = { cli: 1, 'action/main': 1, 'action/post': 1 };

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

/** Every module a bundle loads: static imports, require() and import() calls (not those in comments). */
function loadedModules(code: string): string[] {
  const names = new Set<string>();
  const lines = code.split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line));
  for (const line of lines) {
    const uncommented = line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '');
    for (const m of uncommented.matchAll(/^import\s+(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/g)) names.add(m[1]!);
    for (const m of uncommented.matchAll(/(?<![\w$.{])(?:require|import)\(["']([^"']+)["']\)/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

describe('package.json', () => {
  it('has no runtime dependencies: the bundles carry them', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    for (const name of ['@actions/cache', '@actions/core', 'execa', 'yaml', 'zod']) expect(pkg.devDependencies[name], name).toBeDefined();
  });

  it('says where the project lives and what it is', () => {
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/\/issues$/);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['cpython', 'debug']));
    expect(pkg.license).toBe('MIT');
  });

  it('ships the LICENSE it names', async () => {
    expect(pkg.files).toContain('LICENSE');
    expect(await readFile(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('supports the Node versions users run today (22, 24, 26)', () => {
    expect(pkg.engines.node).toBe('>=22');
  });
});

describe('the bundles', () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const name of Object.keys(ENTRIES)) {
    it(`dist/${name}.js loads only Node's own modules and its own chunks in dist/`, async () => {
      const file = join(root, 'dist', `${name}.js`);
      expect((await stat(file)).isFile()).toBe(true);
      // The CLI's chunks (scripts/build.mjs), followed from the entry point.
      const seen = new Set<string>([file]);
      const foreign: string[] = [];
      for (const f of seen) {
        for (const m of loadedModules(await readFile(f, 'utf8'))) {
          if (builtins.has(m)) continue;
          const chunk = m.startsWith('./') || m.startsWith('../') ? resolve(dirname(f), m) : undefined;
          if (chunk?.startsWith(join(root, 'dist') + sep) && (await stat(chunk).catch(() => undefined))?.isFile()) seen.add(chunk);
          else foreign.push(`${m} (in ${f.slice(root.length + 1)})`);
        }
      }
      expect(foreign).toEqual([]);
    });
  }
});

describe("the CLI's fast paths", () => {
  /** The files chunks and the chunks they statically import are, and the builtins they load as ES modules (dynamic imports left out). */
  async function staticClosure(...first: string[]): Promise<{ files: Set<string>; builtins: Set<string> }> {
    const files = new Set<string>(first);
    const builtins = new Set<string>();
    for (const f of files) {
      const code = await readFile(f, 'utf8');
      for (const m of code.matchAll(/^import\s[^;]*?from\s*"([^"]+)";|^import\s*"([^"]+)";/gms)) {
        const name = (m[1] ?? m[2])!;
        if (name.startsWith('.')) files.add(resolve(dirname(f), name));
        else builtins.add(name);
      }
    }
    return { files, builtins };
  }
  const staticBuiltins = async (first: string) => (await staticClosure(first)).builtins;
  const chunk = async (prefix: string) => {
    const { readdir } = await import('node:fs/promises');
    const name = (await readdir(join(root, 'dist', 'chunks'))).find((n) => n.startsWith(`${prefix}-`) && n.endsWith('.js'));
    if (!name) throw new Error(`no ${prefix} chunk in dist/chunks`);
    return join(root, 'dist', 'chunks', name);
  };

  it('sync, run and which import no node:http, node:https or node:zlib until they download (Node 24 loads undici with node:http)', async () => {
    for (const command of ['sync', 'run', 'which']) {
      const builtins = await staticBuiltins(await chunk(command));
      for (const lazy of ['node:http', 'node:https', 'node:zlib']) expect(builtins.has(lazy), `${command} imports ${lazy}`).toBe(false);
    }
  });

  it("run and which load from six files at most (scripts/build.mjs's CORE chunk), and readline only to ask", async () => {
    // Each file costs about half a millisecond to load: run's 69 modules came from 35 files before CORE.
    for (const command of ['run', 'which']) {
      const { files, builtins } = await staticClosure(join(root, 'dist', 'cli.js'), await chunk('cli'), await chunk(command));
      expect(files.size, [...files].map((f) => f.slice(root.length + 1)).join(', ')).toBeLessThanOrEqual(6);
      expect(builtins.has('node:readline'), `${command} imports node:readline`).toBe(false);
    }
  });
});
