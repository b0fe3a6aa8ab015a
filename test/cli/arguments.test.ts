/**
 * The command line as git, npm and uv taught users to type it: global options before the
 * command, `run <variant> <command...>` without `--`, `--python` for the CPython version (and
 * `--version` for pydebug's), argument errors in pydebug's words, JSON errors for `--json`.
 * In process, on a project and store in a temp directory.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/main.js';
import { RECIPE_YAML } from '../support/fixtures.js';
import { entryKeys, fakeBuiltEntry, freshLockText, makeProject, type TestProject } from './project.js';

let p: TestProject;
beforeEach(async () => {
  p = await makeProject();
});
afterEach(() => p.cleanup());

describe('global options before the command', () => {
  it('pydebug -c sub/pydebug.yml list, and --config=..., read that project', async () => {
    await mkdir(join(p.root, 'sub'));
    await writeFile(join(p.root, 'sub', 'pydebug.yml'), RECIPE_YAML.replace('trace-refs:', 'tracing:'));
    await writeFile(join(p.root, 'sub', 'pydebug.lock'), freshLockText(RECIPE_YAML.replace('trace-refs:', 'tracing:')));
    for (const argv of [
      ['-c', 'sub/pydebug.yml', 'list'],
      ['--config=sub/pydebug.yml', 'list'],
      ['--config', 'sub/pydebug.yml', 'list'],
    ]) {
      const r = await p.pydebug(argv, p.root);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('3.13.2-tracing');
    }
  });

  it('pydebug -q matrix and pydebug --quiet matrix are accepted', async () => {
    for (const argv of [
      ['-q', 'matrix'],
      ['--quiet', 'matrix'],
    ]) {
      const r = await p.pydebug(argv);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveProperty('include');
    }
  });

  it('an option no command knows, before the command, gets the list of global options', async () => {
    const r = await p.pydebug(['-x', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hint: only -c/--config, -q/--quiet, -h/--help and -V/--version go before the command');
  });

  it("an unknown option before the command is refused in pydebug's words", async () => {
    const r = await p.pydebug(['--frozen', 'sync']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown option --frozen before the command/m);
    expect(r.stderr).toMatch(/^hint: .*pydebug sync --frozen/m);
  });
});

describe('pydebug run <variant> <command...>: the command starts after the variant', () => {
  let debugKey: string;
  beforeEach(async () => {
    debugKey = (await entryKeys(p))['3.13.2-debug']!;
    await fakeBuiltEntry(p.store, debugKey, '3.13.2-debug');
  });

  it('run debug sh -c "exit 7" runs sh with -c (not pydebug\'s --config), exit 7', async () => {
    const r = await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 7']);
    // The only output is the note that the project environment was made on this first use.
    expect(r.stderr).not.toMatch(/error|hint|does not exist/);
    expect(r.code).toBe(7);
  });

  it("options after the variant are the command's, --version and --help included", async () => {
    expect((await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 3', '--version'])).code).toBe(3);
    expect((await p.pydebug(['run', 'debug', 'sh', '-c', 'exit 3', '--help'])).code).toBe(3);
  });

  it('run debug -- sh -c "exit 7" still works', async () => {
    expect((await p.pydebug(['run', 'debug', '--', 'sh', '-c', 'exit 7'])).code).toBe(7);
  });

  it("pydebug's options go before the variant: run --python 3.13.2 debug sh -c ...", async () => {
    expect((await p.pydebug(['run', '--python', '3.13.2', 'debug', 'sh', '-c', 'exit 5'])).code).toBe(5);
  });

  it('run --all sh -c ... (no --) runs the command under every built entry', async () => {
    const r = await p.pydebug(['run', '--all', '--variant', 'debug', 'sh', '-c', 'test "$PYDEBUG_VARIANT" = debug']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/all passed/);
  });

  it.each([
    [['run', 'debug', '--python', '3.13.2', '--', 'sh', '-c', 'exit 0'], '--python', "pydebug run --python 3.13.2 debug -- sh -c 'exit 0'"],
    [['run', 'debug', '--python', '3.13.2', 'sh'], '--python', 'pydebug run --python 3.13.2 debug -- sh'],
    [['run', '--all', '--', '--variant', 'debug', 'sh'], '--variant', 'pydebug run --all --variant debug -- sh'],
    [['run', 'debug', '-x', 'y'], '-x', "a command starts with its program: pydebug run debug -- python -c 'print(1)'"],
  ])('%j: an option where the command should start is refused, naming --', async (argv, option, hint) => {
    const r = await p.pydebug(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`"${option}"`);
    expect(r.stderr).toContain('`--`');
    expect(r.stderr).toContain(`hint: ${hint}\n`);
  });
});

describe("--python selects CPython; --version is pydebug's", () => {
  it.each([
    [['which', 'debug', '--python', '3.13.2'], 1, /^error: 3\.13\.2-debug: it is not built yet/],
    [['list', '--python', '3.13.2'], 0, /^$/],
    [['matrix', '--python', '3.13.2'], 0, /^$/],
    [['sync', '--python', '3.14.0'], 2, /^error: no version "3\.14\.0" in the matrix/],
  ])('%j is accepted', async (argv, code, stderr) => {
    const r = await p.pydebug(argv);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(stderr);
  });

  it.each([['sync'], ['which'], ['run'], ['list'], ['inspect'], ['matrix'], ['lock']])("pydebug %s --version prints pydebug's version", async (cmd) => {
    const r = await p.pydebug([cmd, '--version']);
    expect([r.code, r.stdout]).toEqual([0, `pydebug ${VERSION}\n`]);
  });

  it.each([
    [['which', 'debug', '--version', '3.13.2'], 'pydebug which debug --python 3.13.2'],
    [['sync', '--version', '3.13.2', '--frozen'], 'pydebug sync --python 3.13.2 --frozen'],
    [['sync', '--version=3.13.2'], 'pydebug sync --python 3.13.2'],
  ])('%j is refused with a hint naming --python', async (argv, hint) => {
    const r = await p.pydebug(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--version is pydebug's own version/);
    expect(r.stderr).toContain(`hint: the CPython version is chosen with --python: ${hint}`);
  });

  it('the help texts say --python, never --version X', async () => {
    for (const cmd of ['run', 'which', 'list', 'sync', 'inspect', 'matrix']) {
      const r = await p.pydebug([cmd, '--help']);
      expect(r.stdout, cmd).toContain('--python');
      expect(r.stdout, cmd).not.toMatch(/--version X/);
    }
  });

  it('the hint for an entry that is not built names --python', async () => {
    const r = await p.pydebug(['which', 'debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hint: run `pydebug sync --variant debug --python 3.13.2`');
  });
});

describe("argument errors in pydebug's words", () => {
  it.each([
    [['sync', '-j'], /^error: -j needs a value$/m, /^hint: e\.g\. pydebug sync --jobs 4$/m],
    [['sync', '--jobs'], /^error: --jobs needs a value$/m, /^hint: e\.g\. pydebug sync --jobs 4$/m],
    [['sync', '--jobs', '--frozen'], /^error: --jobs needs a value, but is followed by the option --frozen$/m, /^hint: e\.g\. pydebug sync --jobs 4$/m],
    [['sync', '--frozen=yes'], /^error: --frozen takes no value$/m, /^hint: pydebug sync --frozen$/m],
    [['sync', '--jobs', '-1'], /^error: --jobs must be a whole number from 1 to \d+, not "-1"$/m, /^hint: e\.g\. --jobs 4$/m],
    [['init', '3.13.2', '--version', '3.12.1'], /^error: unknown option --version for pydebug init$/m, /^hint: see pydebug init --help$/m],
    [['sync', '--frozn'], /^error: unknown option --frozn for pydebug sync$/m, /^hint: did you mean --frozen\?$/m],
    [['list', '--xyz'], /^error: unknown option --xyz for pydebug list$/m, /^hint: see pydebug list --help$/m],
  ])('%j', async (argv, message, hint) => {
    const r = await p.pydebug(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
    expect(r.stderr).not.toMatch(/Option '|ERR_PARSE_ARGS/);
  });

  it.each([
    [['list', 'foo'], 'pydebug list takes no arguments: unexpected "foo"'],
    [['sync', 'debug'], 'pydebug sync takes no arguments: unexpected "debug"'],
    [['lock', 'x', 'y'], 'pydebug lock takes one argument: unexpected "y"'],
    [['matrix', 'x'], 'pydebug matrix takes no arguments: unexpected "x"'],
    [['clean', 'x'], 'pydebug clean takes no arguments: unexpected "x"'],
    [['which', 'debug', 'extra'], 'pydebug which takes one argument: unexpected "extra"'],
    [['inspect', 'debug', 'extra'], 'pydebug inspect takes one argument: unexpected "extra"'],
  ])('%j: extra arguments are refused', async (argv, message) => {
    const r = await p.pydebug(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stderr).toMatch(/^hint: usage: pydebug /m);
  });
});

describe('--json commands report errors as JSON on stdout', () => {
  it.each([
    [['which', 'nope', '--json'], 2, /no variant "nope"/],
    [['which', 'debug', '--json'], 1, /3\.13\.2-debug: it is not built yet/],
    [['list', 'foo', '--json'], 2, /takes no arguments/],
    [['list', '--json', '--xyz'], 2, /unknown option --xyz/],
    [['sync', '--json', '--jobs', '0'], 2, /--jobs must be a whole number/],
  ])('%j', async (argv, code, message) => {
    const r = await p.pydebug(argv);
    expect(r.code).toBe(code);
    const out = JSON.parse(r.stdout) as { error: { message: string; hint: string | null; exit_code: number } };
    expect(out.error.message).toMatch(message);
    expect(out.error.exit_code).toBe(code);
    expect(out.error).toHaveProperty('hint');
  });

  it('a config error is JSON too, its problems in the message', async () => {
    await writeFile(join(p.dir, 'pydebug.yml'), 'python: 3\n');
    const r = await p.pydebug(['list', '--json']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { error: { message: string } }).error.message).toMatch(/pydebug\.yml:1:/);
  });
});
