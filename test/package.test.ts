/**
 * The published package: one bundle per entry point that needs only Node's own modules, so
 * installing pydebug adds one package (what it bundles is a devDependency), with the metadata
 * npm shows and the LICENSE package.json promises.
 */
import { builtinModules } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
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
