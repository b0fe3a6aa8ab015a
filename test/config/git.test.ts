/**
 * git sources in pydebug.yml: refs follow `git check-ref-format --allow-onelevel` (checked
 * against the real git on a table of cases), repository URLs reach only the transports pydebug
 * allows, and every refusal points at file:line:col.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gitUrlProblem, patchlevelVersion, refFormatProblem } from '../../src/config/git.js';
import { parseConfigText } from '../../src/config/load.js';
import type { GitSourceSpec } from '../../src/config/project.js';
import { configProblems } from '../support/fixtures.js';

/** What the real git says: true when `git check-ref-format --allow-onelevel <ref>` accepts it. */
function gitAccepts(ref: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--allow-onelevel', ref], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const REFS = [
  'main',
  '3.13',
  'v3.13.5',
  'feature/x',
  'refs/heads/main',
  'a/b/c',
  'x.y',
  'release-3.14',
  'a@b',
  'ü',
  'a{b}',
  'a!b',
  '0123456789abcdef0123456789abcdef01234567',
  'HEAD',
  'a.lockx',
  'x/.y.z',
  'foo@',
  '@x',
  'a+b',
  "a'b",
  'a"b',
  'a;b',
  'a$b',
  'a`b`',
  'a|b',
  'a&b',
  '',
  '.hidden',
  'a/.b',
  'a..b',
  'a.lock',
  'a/b.lock',
  'a/',
  '/a',
  'a//b',
  'a.',
  'a b',
  'a\tb',
  'a\nb',
  'a\u007fb',
  'a~1',
  'a^',
  'a:b',
  'a?',
  'a*',
  'a[b',
  'a\\b',
  'a@{1}',
  '@',
  '..',
  '.',
  'a/./b',
  'a/../b',
  '.lock',
  'x/.lock',
];

describe('refFormatProblem follows git check-ref-format --allow-onelevel', () => {
  it.each(REFS.map((r) => [JSON.stringify(r), r]))('%s', (_shown, ref) => {
    expect(refFormatProblem(ref) === undefined).toBe(gitAccepts(ref));
  });

  it.each(['-b', '--upload-pack=touch /tmp/x', '-'])('refuses %j, which git would read as an option', (ref) => {
    expect(refFormatProblem(ref)).toMatch(/starts with "-"/);
  });
});

describe('gitUrlProblem', () => {
  it.each(['https://github.com/python/cpython', 'http://127.0.0.1:9418/cpython', 'git://127.0.0.1/cpython', 'file:///srv/cpython', '/srv/cpython', './cpython', '../cpython'])('accepts %s', (url) => {
    expect(gitUrlProblem(url)).toBeUndefined();
  });
  it.each([
    ['--upload-pack=touch /tmp/pwned', /starts with "-"/],
    ['-oProxyCommand=x', /starts with "-"/],
    ['ext::sh -c touch% /tmp/pwned', /space|neither/],
    ['ext::sh', /neither/],
    ['host:path/repo', /neither/],
    ['ssh://host/repo', /neither/],
    ['cpython', /neither/],
    ['/srv/a:b', /must not contain ":"/],
    ['https://host/repo\nx', /control/],
    ['file://host/repo', /neither/],
  ])('refuses %j', (url, why) => {
    expect(gitUrlProblem(url)).toMatch(why);
  });
});

describe('patchlevelVersion', () => {
  it('reads PY_VERSION', () => {
    expect(patchlevelVersion('#define PY_MINOR_VERSION 16\n#define PY_VERSION      \t"3.16.0a2+"\n')).toBe('3.16.0a2+');
    expect(patchlevelVersion('#define PY_VERSION "3.13.5"\n')).toBe('3.13.5');
  });
  it.each(['', '#define PY_VERSION "main"', '// #define PY_VERSION "3.13.5"', '#define PY_VERSION "3.13.5; rm -rf /"'])('finds none in %j', (text) => {
    expect(patchlevelVersion(text)).toBeUndefined();
  });
});

const problems = configProblems;

const withPython = (python: string, variants = '  debug: {pydebug: true}\n') => `python:\n${python}variants:\n${variants}`;

describe('the git: entry of python:', () => {
  it('becomes a git source named by its ref, with entries <name>-<variant>', () => {
    const { projectConfig } = parseConfigText(withPython('  - git: https://github.com/python/cpython\n    ref: main\n'), 'pydebug.yml');
    expect(projectConfig.sources).toEqual([{ name: 'main', git: 'https://github.com/python/cpython', ref: 'main' }]);
    expect(projectConfig.matrix).toEqual([{ id: 'main-debug', version: 'main', variant: 'debug' }]);
  });

  it('takes a name, and sits beside releases', () => {
    const { projectConfig } = parseConfigText(withPython(`  - version: "3.13.2"\n    sha256: ${'a'.repeat(64)}\n  - git: ../cpython\n    ref: feature/jit\n    name: jit\n`), 'pydebug.yml');
    expect(projectConfig.sources[1] as GitSourceSpec).toEqual({ name: 'jit', git: '../cpython', ref: 'feature/jit' });
    expect(projectConfig.matrix.map((e) => e.id)).toEqual(['3.13.2-debug', 'jit-debug']);
  });

  it('leaves version rules (free threading needs 3.13) to lock, which reads the version', () => {
    const { projectConfig } = parseConfigText(withPython('  - git: https://github.com/python/cpython\n    ref: "3.12"\n    name: py312\n', '  ft: {freethreading: true}\n'), 'pydebug.yml');
    expect(projectConfig.matrix.map((e) => e.id)).toEqual(['py312-ft']);
  });

  it.each<[string, string, number, number, RegExp]>([
    ['a URL starting with "-"', '  - git: "--upload-pack=touch /tmp/pwned"\n    ref: main\n', 2, 10, /git "--upload-pack=touch \/tmp\/pwned" cannot be used: it starts with "-"/],
    ['a ref starting with "-"', '  - git: https://github.com/python/cpython\n    ref: "--output=/tmp/x"\n', 3, 10, /ref "--output=\/tmp\/x" is not a git ref name: it starts with "-"/],
    ['a ref git refuses', '  - git: https://github.com/python/cpython\n    ref: "main..x"\n', 3, 10, /contains "\.\."/],
    ['an ext:: transport', '  - git: "ext::sh -c x"\n    ref: main\n', 2, 10, /cannot be used/],
    ['a ref that cannot name entries', '  - git: https://github.com/python/cpython\n    ref: feature/x\n', 3, 10, /cannot name the entries/],
    ['a name with "-"', '  - git: https://github.com/python/cpython\n    ref: main\n    name: my-main\n', 4, 11, /name "my-main" cannot name entries/],
    ['a name like a version', '  - git: https://github.com/python/cpython\n    ref: v3.13.5\n    name: "3.13.5"\n', 4, 11, /looks like a release version/],
    ['no ref', '  - git: https://github.com/python/cpython\n', 2, 5, /ref is required/],
    ['a ref that is a number', '  - git: https://github.com/python/cpython\n    ref: 3.13\n', 3, 10, /ref must be a string/],
    ['an unknown key', '  - git: https://github.com/python/cpython\n    ref: main\n    branch: main\n', 4, 5, /unknown key "branch"/],
    ['a name used twice', '  - git: https://github.com/python/cpython\n    ref: main\n  - git: ../cpython\n    ref: main\n', 5, 10, /the name main is used twice/],
  ])('refuses %s at file:line:col', (_what, python, line, col, why) => {
    const [p, ...rest] = problems(withPython(python));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: 'pydebug.yml', line, col });
    expect(p!.message).toMatch(why);
    expect(p!.hint).toBeTruthy();
  });
});
