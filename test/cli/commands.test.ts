/**
 * Every command's argument handling and errors, in process in seconds: for each command the bad
 * arguments and the missing pydebug.yml, pydebug.lock or store entry, with the exact message,
 * hint and exit code; for a command with --json, the same error as JSON on stdout. Also the help
 * of every command, `pydebug lock` against a loopback server, and matrix's output.
 * A project and store in a temp directory (test/cli/project.ts); PYDEBUG_MIRROR names an empty
 * directory, so nothing here can reach the network.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, loadCommands } from '../../src/cli/commands/index.js';
import { VERSION } from '../../src/cli/main.js';
import { serializeLock } from '../../src/lock/format.js';
import { assembleLock } from '../../src/lock/resolve.js';
import { exists } from '../support/exists.js';
import { lockedSource, MD5_3132, projectConfig, RECIPE_YAML } from '../support/fixtures.js';
import { startTarballServer, type TarballServer } from '../support/tarball-server.js';
import { type InProcessRun, runInProcess } from './in-process.js';
import { entryKeys, fakeBuiltEntry, makeProject, type TestProject } from './project.js';

/** The recipe with a second release, 3.12.9, before 3.13.2. */
const TWO_VERSIONS = RECIPE_YAML.replace('python:\n', `python:\n  - version: "3.12.9"\n    md5: ${'a'.repeat(32)}\n`);

/** What a case starts from, besides the recipe's project with its fresh lock. */
type Setup = 'no-config' | 'no-lock' | 'built' | 'damaged' | 'two-versions' | 'store' | 'config-error' | 'registry';

const SETUPS: Record<Setup, (p: TestProject) => Promise<unknown>> = {
  'no-config': (p) => rm(join(p.dir, 'pydebug.yml')),
  'no-lock': (p) => rm(join(p.dir, 'pydebug.lock')),
  built: async (p) => fakeBuiltEntry(p.store, (await entryKeys(p))['3.13.2-debug']!, '3.13.2-debug'),
  damaged: async (p) => {
    const key = (await entryKeys(p))['3.13.2-debug']!;
    await fakeBuiltEntry(p.store, key, '3.13.2-debug');
    await rm(join(p.store.entryDir(key), 'share', 'pydebug', 'manifest.json'));
  },
  'two-versions': async (p) => {
    await writeFile(join(p.dir, 'pydebug.yml'), TWO_VERSIONS);
    const sources = { '3.13.2': lockedSource(), '3.12.9': lockedSource('3.12.9', 'b'.repeat(64), 'a'.repeat(32)) };
    await writeFile(join(p.dir, 'pydebug.lock'), serializeLock(assembleLock(projectConfig(TWO_VERSIONS), sources)));
  },
  store: (p) => p.store.ensureLayout(),
  'config-error': (p) => writeFile(join(p.dir, 'pydebug.yml'), RECIPE_YAML.replace('trace_refs: true', 'trace-refs: true')),
  registry: (p) => writeFile(join(p.dir, 'pydebug.yml'), `${RECIPE_YAML}registry: 127.0.0.1:9/pydebug/entries\n`),
};

interface Case {
  argv: string[];
  setup?: Setup[];
  code: number;
  /** All of stderr, the temp directory written <ROOT>. */
  stderr: string;
}

let p: TestProject;
beforeEach(async () => {
  p = await makeProject();
});
afterEach(() => p.cleanup());

/** Runs pydebug in the project, with a mirror that has nothing, and <ROOT> for the temp directory. */
async function pydebug(argv: string[], env: Record<string, string> = {}): Promise<InProcessRun> {
  const r = await runInProcess(argv, { cwd: p.dir, env: { ...p.env, PYDEBUG_MIRROR: join(p.root, 'empty-mirror'), ...env } });
  const hide = (s: string) => s.replaceAll(p.root, '<ROOT>');
  return { code: r.code, stdout: hide(r.stdout), stderr: hide(r.stderr) };
}

/** Runs a case; with `json`, --json right after the command (before an option left without its value). */
async function runCase(c: Case, json = false): Promise<InProcessRun> {
  for (const s of c.setup ?? []) await SETUPS[s](p);
  return pydebug(json ? [c.argv[0]!, '--json', ...c.argv.slice(1)] : c.argv);
}

/** An error as `--json` gives it on stdout: the message and hint that stderr shows. */
function jsonError(stderr: string, code: number): unknown {
  const m = /^error: ([\s\S]*?)(?:\nhint: ([\s\S]*))?\n$/.exec(stderr);
  if (!m) throw new Error(`not an error: ${stderr}`);
  return { error: { message: m[1]!, hint: m[2] ?? null, exit_code: code } };
}

/** True when pydebug.yml exists in the temp directory or above it: a project without one would find that one. */
async function configAboveTmp(): Promise<boolean> {
  for (let dir = tmpdir(); ; dir = dirname(dir)) {
    if (await exists(join(dir, 'pydebug.yml'))) return true;
    if (dirname(dir) === dir) return false;
  }
}
const CONFIG_ABOVE_TMP = await configAboveTmp();

const NO_CONFIG =
  'error: no pydebug.yml in <ROOT>/project or any directory above it (looked from <ROOT>/project up to /)\n' +
  'hint: run `pydebug init` to write a starter pydebug.yml here, or pass --config <path>\n';
const NO_LOCK = 'error: pydebug.lock is missing:\n  - there is no lock yet\nhint: run `pydebug lock` and commit pydebug.lock\n';
const NOT_BUILT = 'error: 3.13.2-debug: it is not built yet\nhint: run `pydebug sync --variant debug --python 3.13.2`\n';
const DAMAGED = 'error: 3.13.2-debug: its store entry is damaged (its manifest is missing)\nhint: run `pydebug sync --variant debug --python 3.13.2`\n';
const CONFIG_ERROR = 'error: a problem in pydebug.yml:\npydebug.yml:9:5: unknown key "trace-refs" in variant "trace-refs"\n  fix: did you mean "trace_refs"?\n';
const NO_VARIANT = 'error: no variant "nope" in the matrix\nhint: known variants: debug, trace-refs, valgrind\n';
const NO_VERSION = 'error: no version "3.12.1" in the matrix\nhint: did you mean "3.13.2"?\n';
const SEVERAL_VERSIONS = 'error: variant "debug" exists for several versions: 3.12.9, 3.13.2\nhint: pick one with --python 3.12.9\n';
/** A filter that names nothing: taken as no filter, it would select (and sync would build) every entry. */
const namesNothing = (option: string, value: string) =>
  option === '--variant'
    ? `error: --variant ${JSON.stringify(value)} names no variant\nhint: e.g. --variant debug; leave --variant out to select every variant\n`
    : `error: --python ${JSON.stringify(value)} names no version\nhint: e.g. --python 3.13.2; leave --python out to select every version\n`;
const unknownOption = (cmd: string, option: string) => `error: unknown option ${option} for pydebug ${cmd}\nhint: see pydebug ${cmd} --help\n`;

/** Each command's failures, by command; `json` marks the commands that take --json. */
const ERRORS: Record<string, { json: boolean; cases: Case[] }> = {
  init: {
    json: false,
    cases: [
      { argv: ['init', '3.13'], code: 2, stderr: 'error: "3.13" is not a CPython release version\nhint: e.g. pydebug init 3.13.2\n' },
      { argv: ['init', '3.13.2.1'], code: 2, stderr: 'error: "3.13.2.1" is not a CPython release version\nhint: e.g. pydebug init 3.13.2\n' },
      { argv: ['init', '--md5', 'xyz', '--force'], code: 2, stderr: 'error: --md5 must be 32 hexadecimal digits, not "xyz"\n' },
      { argv: ['init', '--sha256', 'ab', '--force'], code: 2, stderr: 'error: --sha256 must be 64 hexadecimal digits, not "ab"\n' },
      { argv: ['init', '--sha256', '--force'], code: 2, stderr: 'error: --sha256 needs a value, but is followed by the option --force\nhint: e.g. pydebug init --sha256 <hex>\n' },
      { argv: ['init', '--url'], code: 2, stderr: 'error: --url needs a value\nhint: e.g. pydebug init --url <url>\n' },
      {
        argv: ['init', '3.9.99', '--force'],
        code: 2,
        stderr:
          'error: pydebug knows neither the checksum of CPython 3.9.99 nor who signs 3.9 releases with Sigstore\n' +
          'hint: pass --sha256 <hex> from https://www.python.org/downloads/release/python-3999/ (or write pydebug.yml with sigstore: {identity: <email>, issuer: <OIDC issuer URL>} on the release)\n',
      },
      { argv: ['init'], code: 2, stderr: 'error: pydebug.yml already exists\nhint: pass --force to overwrite it\n' },
      {
        argv: ['init', '3.13.2', '3.12.1'],
        code: 2,
        stderr: 'error: pydebug init takes one argument: unexpected "3.12.1"\nhint: usage: pydebug init [version] [--sha256 <hex>] [--md5 <hex>] [--url <url>] [--force]\n',
      },
      { argv: ['init', '--json'], code: 2, stderr: unknownOption('init', '--json') },
      { argv: ['init', '--forse'], code: 2, stderr: 'error: unknown option --forse for pydebug init\nhint: did you mean --force?\n' },
    ],
  },
  lock: {
    json: false,
    cases: [
      { argv: ['lock', 'main'], code: 2, stderr: 'error: lock takes no operand ("main") without --upgrade\nhint: pydebug lock --upgrade main\n' },
      { argv: ['lock', '--check', 'main'], code: 2, stderr: 'error: lock takes no operand ("main") without --upgrade\nhint: pydebug lock --upgrade main\n' },
      {
        argv: ['lock', '--check', '--upgrade'],
        code: 2,
        stderr: 'error: --check and --upgrade cannot be combined: --check never contacts a remote\nhint: run pydebug lock --upgrade, then pydebug lock --check\n',
      },
      { argv: ['lock', '--upgrade', 'main'], code: 2, stderr: 'error: no git source named "main" in pydebug.yml\nhint: lock --upgrade re-resolves git sources (python: - git: ..., ref: ...)\n' },
      { argv: ['lock', '--upgrade', 'a', 'b'], code: 2, stderr: 'error: pydebug lock takes one argument: unexpected "b"\nhint: usage: pydebug lock [--check] [--upgrade [name]]\n' },
      { argv: ['lock', '--check=yes'], code: 2, stderr: 'error: --check takes no value\nhint: pydebug lock --check\n' },
      { argv: ['lock', '--json'], code: 2, stderr: unknownOption('lock', '--json') },
      { argv: ['lock'], setup: ['no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['lock', '--check'], setup: ['no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['lock'], setup: ['config-error'], code: 2, stderr: CONFIG_ERROR },
      // Not an error: lock --check reports a stale lock as a finding, exit 1, no "error:".
      { argv: ['lock', '--check'], setup: ['no-lock'], code: 1, stderr: 'pydebug.lock is missing:\n  - there is no lock yet\nhint: run `pydebug lock` and commit pydebug.lock\n' },
    ],
  },
  sync: {
    json: true,
    cases: [
      { argv: ['sync', '--variant', 'nope'], code: 2, stderr: NO_VARIANT },
      { argv: ['sync', '--python', '3.12.1'], code: 2, stderr: NO_VERSION },
      { argv: ['sync', '--variant', ''], code: 2, stderr: namesNothing('--variant', '') },
      { argv: ['sync', '--python', ' , '], code: 2, stderr: namesNothing('--python', ' , ') },
      { argv: ['sync', '--jobs', '0'], code: 2, stderr: 'error: --jobs must be a whole number from 1 to 256, not "0"\nhint: e.g. --jobs 4\n' },
      { argv: ['sync', '-j', 'many'], code: 2, stderr: 'error: --jobs must be a whole number from 1 to 256, not "many"\nhint: e.g. --jobs 4\n' },
      { argv: ['sync', '--parallel', '300'], code: 2, stderr: 'error: --parallel must be a whole number from 1 to 256, not "300"\nhint: e.g. --parallel 4\n' },
      { argv: ['sync', '--parallel'], code: 2, stderr: 'error: --parallel needs a value\nhint: e.g. pydebug sync --parallel 2\n' },
      { argv: ['sync', '--check'], code: 2, stderr: unknownOption('sync', '--check') },
      { argv: ['sync', '--keep-build=1'], code: 2, stderr: 'error: --keep-build takes no value\nhint: pydebug sync --keep-build\n' },
      { argv: ['sync', '--no-pull=1'], code: 2, stderr: 'error: --no-pull takes no value\nhint: pydebug sync --no-pull\n' },
      {
        argv: ['sync', 'debug'],
        code: 2,
        stderr:
          'error: pydebug sync takes no arguments: unexpected "debug"\nhint: usage: pydebug sync [--frozen] [--jobs N] [--parallel N] [--variant V]... [--python X]... [--keep-build] [--no-pull] [--json]\n',
      },
      { argv: ['sync'], setup: ['no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['sync'], setup: ['config-error'], code: 2, stderr: CONFIG_ERROR },
      {
        argv: ['sync', '--frozen'],
        setup: ['no-lock'],
        code: 1,
        stderr: 'error: pydebug.lock is missing:\n  - there is no lock yet\nhint: --frozen refuses to build from a stale or missing lock: run `pydebug lock` and commit pydebug.lock\n',
      },
      {
        argv: ['sync', '--frozen', '--variant', 'debug'],
        setup: ['config-error'],
        code: 2,
        stderr: CONFIG_ERROR,
      },
    ],
  },
  push: {
    json: true,
    cases: [
      {
        argv: ['push'],
        code: 2,
        stderr: 'error: no registry to push to: pydebug.yml has no registry: and PYDEBUG_REGISTRY is not set\nhint: add registry: ghcr.io/<owner>/<name> to pydebug.yml (or set PYDEBUG_REGISTRY)\n',
      },
      { argv: ['push'], setup: ['registry'], code: 1, stderr: 'error: nothing to push: no entry of this project is built\nhint: run `pydebug sync` first\n' },
      { argv: ['push', 'debg'], setup: ['registry'], code: 2, stderr: 'error: no entry or variant "debg" in pydebug.yml\nhint: did you mean "debug"?\n' },
      {
        argv: ['push', 'debug'],
        setup: ['registry', 'built'],
        code: 2,
        stderr:
          'error: pushing to 127.0.0.1:9/pydebug/entries needs credentials: PYDEBUG_REGISTRY_TOKEN is not set\nhint: set PYDEBUG_REGISTRY_TOKEN to a token that may write the repository (ghcr.io: write:packages, or the workflow token with packages: write); PYDEBUG_REGISTRY_USER names the user when the registry needs one\n',
      },
      { argv: ['push'], setup: ['no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['push'], setup: ['config-error'], code: 2, stderr: CONFIG_ERROR },
      { argv: ['push', '--force'], code: 2, stderr: unknownOption('push', '--force') },
    ],
  },
  which: {
    json: true,
    cases: [
      { argv: ['which'], code: 2, stderr: 'error: which needs a variant name\nhint: pydebug which debug\n' },
      { argv: ['which', 'debg'], code: 2, stderr: 'error: no variant "debg" in the matrix\nhint: did you mean "debug"?\n' },
      { argv: ['which', 'nope'], code: 2, stderr: NO_VARIANT },
      { argv: ['which', 'debug', '--python', '3.12.1'], code: 2, stderr: NO_VERSION },
      { argv: ['which', 'debug', '--python'], code: 2, stderr: 'error: --python needs a value\nhint: e.g. pydebug which --python 3.13.2\n' },
      { argv: ['which', 'debug', '--env=yes'], code: 2, stderr: 'error: --env takes no value\nhint: pydebug which --env\n' },
      { argv: ['which', 'debug'], setup: ['no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['which', 'debug'], setup: ['config-error'], code: 2, stderr: CONFIG_ERROR },
      { argv: ['which', 'debug'], setup: ['no-lock'], code: 1, stderr: NO_LOCK },
      { argv: ['which', 'debug'], code: 1, stderr: NOT_BUILT },
      { argv: ['which', 'debug', '--env'], code: 1, stderr: NOT_BUILT },
      { argv: ['which', 'debug'], setup: ['damaged'], code: 1, stderr: DAMAGED },
      { argv: ['which', 'debug'], setup: ['two-versions'], code: 2, stderr: SEVERAL_VERSIONS },
    ],
  },
  list: {
    json: true,
    cases: [
      { argv: ['list', '--variant', 'nope'], code: 2, stderr: NO_VARIANT },
      { argv: ['list', '--variant', 'debug,nope'], code: 2, stderr: NO_VARIANT },
      { argv: ['list', '--python', '3.12.1'], code: 2, stderr: NO_VERSION },
      { argv: ['list', '--variant', ','], code: 2, stderr: namesNothing('--variant', ',') },
      { argv: ['list', '--variant', '', '--variant', ''], code: 2, stderr: namesNothing('--variant', ',') },
      { argv: ['list', '--variant'], code: 2, stderr: 'error: --variant needs a value\nhint: e.g. pydebug list --variant debug\n' },
      { argv: ['list', 'debug'], code: 2, stderr: 'error: pydebug list takes no arguments: unexpected "debug"\nhint: usage: pydebug list [--variant V]... [--python X]... [--projects] [--json]\n' },
      { argv: ['list', '--projects=yes'], code: 2, stderr: 'error: --projects takes no value\nhint: pydebug list --projects\n' },
      { argv: ['list'], setup: ['no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['list'], setup: ['config-error'], code: 2, stderr: CONFIG_ERROR },
      { argv: ['list'], setup: ['no-lock'], code: 1, stderr: NO_LOCK },
    ],
  },
  inspect: {
    json: true,
    cases: [
      { argv: ['inspect', 'debug'], code: 1, stderr: NOT_BUILT },
      { argv: ['inspect', 'debug'], setup: ['damaged'], code: 1, stderr: DAMAGED },
      { argv: ['inspect', 'debug'], setup: ['two-versions'], code: 2, stderr: SEVERAL_VERSIONS },
      { argv: ['inspect', 'debug'], setup: ['no-lock'], code: 1, stderr: NO_LOCK },
      { argv: ['inspect', 'debug', '--python', '3.12.1'], code: 2, stderr: NO_VERSION },
      // Not a variant of pydebug.yml, and no pydebug.yml: a command name, probed as such.
      {
        argv: ['inspect', 'no-such-python-xyz'],
        code: 1,
        stderr: 'error: could not probe no-such-python-xyz: it does not exist\nhint: pass the path of a CPython 3.8+ interpreter, or a variant of pydebug.yml\n',
      },
      {
        argv: ['inspect', 'debug'],
        setup: ['no-config'],
        code: 1,
        stderr: 'error: could not probe debug: it does not exist\nhint: pass the path of a CPython 3.8+ interpreter, or a variant of pydebug.yml\n',
      },
      {
        argv: ['inspect', './nope/python'],
        code: 1,
        stderr: 'error: could not probe <ROOT>/project/nope/python: it does not exist\nhint: pass the path of a CPython 3.8+ interpreter, or a variant of pydebug.yml\n',
      },
      { argv: ['inspect', 'debug'], setup: ['config-error'], code: 2, stderr: CONFIG_ERROR },
    ],
  },
  run: {
    json: false,
    cases: [
      { argv: ['run'], code: 2, stderr: 'error: run needs a variant and a command\nhint: pydebug run debug -- python -c "import sys"\n' },
      { argv: ['run', 'debug'], code: 2, stderr: 'error: run needs a variant and a command\nhint: pydebug run debug -- python -c "import sys"\n' },
      { argv: ['run', 'debug', '--'], code: 2, stderr: 'error: run needs a variant and a command\nhint: pydebug run debug -- python -c "import sys"\n' },
      { argv: ['run', '--all'], code: 2, stderr: "error: run --all needs a command\nhint: pydebug run --all -- sh -c 'python build.py && python -m pytest'\n" },
      { argv: ['run', '--variant', 'debug', 'debug', 'sh'], code: 2, stderr: 'error: --variant goes with --all; without it, name the variant before the command\nhint: pydebug run debug -- sh\n' },
      { argv: ['run', '--python', '3.13.2', '--python', '3.12.1', 'debug', 'sh'], code: 2, stderr: 'error: without --all, give one --python\n' },
      { argv: ['run', '--json', 'debug', 'true'], code: 2, stderr: unknownOption('run', '--json') },
      { argv: ['run', 'nope', 'true'], code: 2, stderr: NO_VARIANT },
      { argv: ['run', '--all', '--variant', 'nope', 'true'], code: 2, stderr: NO_VARIANT },
      { argv: ['run', '--all', '--variant', '', 'true'], code: 2, stderr: namesNothing('--variant', '') },
      { argv: ['run', '--python', '', 'debug', 'true'], code: 2, stderr: namesNothing('--python', '') },
      { argv: ['run', 'debug', 'true'], setup: ['no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['run', 'debug', 'true'], setup: ['config-error'], code: 2, stderr: CONFIG_ERROR },
      { argv: ['run', 'debug', 'true'], setup: ['no-lock'], code: 1, stderr: NO_LOCK },
      { argv: ['run', '--all', 'true'], setup: ['no-lock'], code: 1, stderr: NO_LOCK },
      { argv: ['run', 'debug', 'true'], code: 1, stderr: NOT_BUILT },
      { argv: ['run', 'debug', 'true'], setup: ['damaged'], code: 1, stderr: DAMAGED },
      { argv: ['run', 'debug', 'true'], setup: ['two-versions'], code: 2, stderr: SEVERAL_VERSIONS },
    ],
  },
  matrix: {
    json: true,
    cases: [
      { argv: ['matrix', '--variant', 'nope'], code: 2, stderr: NO_VARIANT },
      { argv: ['matrix', '--python', '3.12.1'], code: 2, stderr: NO_VERSION },
      { argv: ['matrix', '--python', ''], code: 2, stderr: namesNothing('--python', '') },
      { argv: ['matrix', 'x'], code: 2, stderr: 'error: pydebug matrix takes no arguments: unexpected "x"\nhint: usage: pydebug matrix [--variant V]... [--python X]... [--json]\n' },
      { argv: ['matrix'], setup: ['no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['matrix'], setup: ['config-error'], code: 2, stderr: CONFIG_ERROR },
    ],
  },
  clean: {
    json: false,
    cases: [
      { argv: ['clean', '--all=yes'], code: 2, stderr: 'error: --all takes no value\nhint: pydebug clean --all\n' },
      { argv: ['clean', '--json'], code: 2, stderr: unknownOption('clean', '--json') },
      { argv: ['clean', '--dry-run=yes'], code: 2, stderr: 'error: --dry-run takes no value\nhint: pydebug clean --dry-run\n' },
      { argv: ['clean', '--all', '--yes=no'], code: 2, stderr: 'error: --yes takes no value\nhint: pydebug clean --yes\n' },
      { argv: ['clean', 'x'], code: 2, stderr: 'error: pydebug clean takes no arguments: unexpected "x"\nhint: usage: pydebug clean [--dry-run] [--all [--yes]]\n' },
      { argv: ['clean', '--dry-run'], setup: ['store', 'no-lock'], code: 1, stderr: NO_LOCK },
      { argv: ['clean'], setup: ['store', 'no-config'], code: 2, stderr: NO_CONFIG },
      { argv: ['clean'], setup: ['store', 'config-error'], code: 2, stderr: CONFIG_ERROR },
      { argv: ['clean'], setup: ['store', 'no-lock'], code: 1, stderr: NO_LOCK },
    ],
  },
};

/** "which debug [no-lock]": the command line and what the case starts from. */
const named = (c: Case) => ({ ...c, name: `${c.argv.join(' ')}${c.setup ? ` [${c.setup.join(', ')}]` : ''}` });

describe.each(Object.entries(ERRORS))('pydebug %s', (_name, { json, cases }) => {
  const runnable = cases.filter((c) => !(CONFIG_ABOVE_TMP && c.setup?.includes('no-config'))).map(named);

  it.each(runnable)('$name: exit $code, the exact message, nothing on stdout', async (c) => {
    const r = await runCase(c);
    expect(r.stderr).toBe(c.stderr);
    expect(r.code).toBe(c.code);
    expect(r.stdout).toBe('');
  });

  // A --json command gives the same error as JSON on stdout (and still for a person on stderr).
  const errors = runnable.filter((c) => json && c.stderr.startsWith('error: '));
  it.each(errors)('$name --json: the error as JSON on stdout', async (c) => {
    const r = await runCase(c, true);
    expect(JSON.parse(r.stdout)).toEqual(jsonError(c.stderr, c.code));
    expect(r.stderr).toBe(c.stderr);
    expect(r.code).toBe(c.code);
  });
});

describe('what a failing command leaves behind', () => {
  it.each([
    [['no-lock'], ['sync', '--frozen']],
    [['config-error'], ['sync']],
    [['config-error'], ['lock']],
    [[], ['sync', '--variant', 'nope']],
    [[], ['sync', '--variant', '']],
    [[], ['sync', '--jobs', '0']],
  ] as Array<[Setup[], string[]]>)('%j %j: no store is made, the project is as it was', async (setup, argv) => {
    for (const s of setup) await SETUPS[s](p);
    const before = await readdir(p.dir);
    const r = await pydebug(argv);
    expect(r.code).not.toBe(0);
    expect(await exists(p.store.root)).toBe(false);
    expect(await readdir(p.dir)).toEqual(before);
  });

  it('run --all with nothing usable: each entry is named, not run, exit 1', async () => {
    await SETUPS.damaged(p);
    const r = await pydebug(['run', '--all', 'true']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const table = r.stderr.slice(r.stderr.indexOf('entry '));
    expect(table).toMatch(/^3\.13\.2-debug +not run: damaged \(its manifest is missing\) +0\.0 s$/m);
    expect(table).toMatch(/^3\.13\.2-trace-refs +not run: not built \(pydebug sync\) +0\.0 s$/m);
    expect(table).toMatch(/^3\.13\.2-valgrind +not run: not built \(pydebug sync\) +0\.0 s$/m);
    expect(table).toMatch(/\n3 of 3 failed\n$/);
  });

  it('run of a program that is not on PATH: exit 127, naming the program and where PATH starts', async () => {
    await SETUPS.built(p);
    const r = await pydebug(['run', 'debug', 'no-such-program-xyz']);
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/\nerror: no-such-program-xyz: command not found \(PATH starts with <ROOT>\/project\/\.pydebug\/envs\/3\.13\.2-debug\/bin\)\n$/);
  });

  it('run of a program that cannot be executed (a file without x, a directory): exit 126, naming it and why', async () => {
    await SETUPS.built(p);
    const plain = join(p.root, 'not-executable');
    await writeFile(plain, '#!/bin/sh\necho ran\n', { mode: 0o644 });
    for (const [program, shown] of [
      [plain, '<ROOT>/not-executable'],
      [p.root, '<ROOT>'],
    ]) {
      const r = await pydebug(['run', 'debug', '--', program!]);
      expect(r.code).toBe(126);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`\\nerror: ${shown}: cannot run it: permission denied \\(not executable, or a directory\\)\\n$`));
    }
  });

  it('run passes on the exit code of its command, and 128+n for a command killed by signal n', async () => {
    await SETUPS.built(p);
    expect((await pydebug(['run', 'debug', '--', 'sh', '-c', 'exit 7'])).code).toBe(7);
    expect((await pydebug(['run', 'debug', '--', 'sh', '-c', 'kill -TERM $$'])).code).toBe(143);
  });

  it('clean with nothing of this project built frees nothing and says so', async () => {
    await SETUPS.store(p);
    const r = await pydebug(['clean']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', 'freed 0.0 MB\n']);
  });

  it('-c naming a file that does not exist', async () => {
    const r = await pydebug(['-c', 'missing.yml', 'list']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'error: missing.yml does not exist\nhint: run `pydebug init` to write a starter pydebug.yml, or pass --config <path>\n']);
  });
});

describe('pydebug and its help', () => {
  it('no command: the overview on stdout, exit 2; --help: the same, exit 0', async () => {
    const bare = await pydebug([]);
    const help = await pydebug(['--help']);
    expect(bare.code).toBe(2);
    expect(help.code).toBe(0);
    expect(bare.stdout).toBe(help.stdout);
    expect(help.stdout).toMatch(/^pydebug: .*\n\nUsage: pydebug \[-c <path>\] \[-q\] <command> \[options\]\n/);
    const commands = await loadCommands();
    expect(commands.map((c) => c.name)).toEqual(COMMAND_NAMES);
    for (const cmd of commands) expect(help.stdout).toMatch(new RegExp(`^  ${cmd.name} +${cmd.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });

  it.each(COMMAND_NAMES)('%s: --help, -h and `pydebug help %s` print its usage, exit 0', async (name) => {
    const outputs = [];
    for (const argv of [
      [name, '--help'],
      [name, '-h'],
      ['help', name],
      ['-h', name],
    ]) {
      const r = await pydebug(argv);
      expect([r.code, r.stderr], argv.join(' ')).toEqual([0, '']);
      outputs.push(r.stdout);
    }
    expect(outputs[0]).toMatch(new RegExp(`^Usage: pydebug ${name}\\b`));
    expect(outputs[0]).toMatch(/\nCommon options: -c\/--config <path>, -q\/--quiet, -h\/--help\n$/);
    expect(new Set(outputs).size).toBe(1);
  });

  it.each([[['-V']], [['--version']], [['-q', '--version']]])("%j prints pydebug's version", async (argv) => {
    expect(await pydebug(argv)).toEqual({ code: 0, stdout: `pydebug ${VERSION}\n`, stderr: '' });
  });

  it.each([
    ['synk', 'did you mean "pydebug sync"?'],
    ['inpsect', 'did you mean "pydebug inspect"?'],
    ['frobnicate', 'see pydebug --help'],
  ])('unknown command %s', async (name, hint) => {
    expect(await pydebug([name])).toEqual({ code: 2, stdout: '', stderr: `error: unknown command "${name}"\nhint: ${hint}\n` });
  });
});

describe('pydebug init', () => {
  const yaml = () => readFile(join(p.dir, 'pydebug.yml'), 'utf8');

  it('writes pydebug.yml and says what is next; --force overwrites it', async () => {
    await rm(join(p.dir, 'pydebug.yml'));
    const r = await pydebug(['init']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', 'wrote pydebug.yml; next: pydebug lock && pydebug sync\n']);
    expect(await yaml()).toContain('  - version: "3.13.2"\n');
    const again = await pydebug(['init', '3.11.2', '--force']);
    expect([again.code, again.stderr]).toEqual([0, 'wrote pydebug.yml; next: pydebug lock && pydebug sync\n']);
    expect(await yaml()).toContain('  - version: "3.11.2"\n');
  });

  it('--force replaces pydebug.yml by a rename: a hard link to another file leaves that file alone', async () => {
    // pydebug.yml hard-linked to a file outside the project (a shared template, ~/.profile): writing
    // through O_TRUNC would overwrite that file too; renaming a new file into place only unlinks it.
    const other = join(p.root, 'elsewhere.txt');
    await writeFile(other, "not pydebug's\n");
    await rm(join(p.dir, 'pydebug.yml'), { force: true });
    await link(other, join(p.dir, 'pydebug.yml'));
    const r = await pydebug(['init', '3.11.2', '--force']);
    expect([r.code, r.stderr]).toEqual([0, 'wrote pydebug.yml; next: pydebug lock && pydebug sync\n']);
    expect(await readFile(other, 'utf8')).toBe("not pydebug's\n");
    expect(await yaml()).toContain('  - version: "3.11.2"\n');
    expect((await lstat(join(p.dir, 'pydebug.yml'))).nlink).toBe(1);
    expect((await readdir(p.dir)).filter((f) => f.startsWith('pydebug.yml') || f.startsWith('.pydebug.yml'))).toEqual(['pydebug.yml']);
  });

  it('--force does not write through a symbolic link, dangling or not', async () => {
    const target = join(p.root, 'link-target.yml');
    await writeFile(target, 'keep me\n');
    for (const to of [target, join(p.root, 'nowhere.yml')]) {
      await rm(join(p.dir, 'pydebug.yml'), { force: true });
      await symlink(to, join(p.dir, 'pydebug.yml'));
      const r = await pydebug(['init', '3.11.2', '--force']);
      expect([r.code, r.stderr]).toEqual([
        2,
        `error: pydebug.yml is a symbolic link (to ${to.replace(p.root, '<ROOT>')}); init writes only a file of its own\nhint: remove the link, or pass --config with another path\n`,
      ]);
      expect((await lstat(join(p.dir, 'pydebug.yml'))).isSymbolicLink()).toBe(true);
    }
    expect(await readFile(target, 'utf8')).toBe('keep me\n');
    expect(existsSync(join(p.root, 'nowhere.yml'))).toBe(false);
    await rm(join(p.dir, 'pydebug.yml'));
    await writeFile(join(p.dir, 'pydebug.yml'), RECIPE_YAML);
  });

  it("--config names where it writes; checksums are written in lower case; --url other than python.org's is kept", async () => {
    await mkdir(join(p.dir, 'ci'));
    const url = 'https://mirror.example.org/Python-3.12.9.tgz';
    const r = await pydebug(['init', '3.12.9', '--md5', 'ABCDEF'.padEnd(32, '0'), '--url', url, '--config', 'ci/pydebug.yml']);
    expect([r.code, r.stderr]).toEqual([0, 'wrote ci/pydebug.yml; next: pydebug lock && pydebug sync\n']);
    const text = await readFile(join(p.dir, 'ci', 'pydebug.yml'), 'utf8');
    expect(text).toContain(`    md5: "${'abcdef'.padEnd(32, '0')}"\n    url: ${url}\n`);
    expect(text).not.toContain('sha256');
  });

  it("--url of python.org's own tarball is not written out", async () => {
    const r = await pydebug(['init', '3.12.9', '--force', '--md5', 'a'.repeat(32), '--url', 'https://www.python.org/ftp/python/3.12.9/Python-3.12.9.tgz']);
    expect(r.code, r.stderr).toBe(0);
    expect(await yaml()).not.toContain('url:');
  });
});

describe('pydebug lock against a loopback server', () => {
  const TARBALL = Buffer.from('bytes standing in for Python-3.13.2.tgz\n');
  const md5 = createHash('md5').update(TARBALL).digest('hex');
  let server: TarballServer;

  beforeEach(async () => {
    await mkdir(join(p.root, 'mirror', '3.13.2'), { recursive: true });
    await writeFile(join(p.root, 'mirror', '3.13.2', 'Python-3.13.2.tgz'), TARBALL);
    server = await startTarballServer(join(p.root, 'mirror'));
    await writeFile(join(p.dir, 'pydebug.yml'), RECIPE_YAML.replace(MD5_3132, md5));
    await rm(join(p.dir, 'pydebug.lock'));
  });
  afterEach(() => server.close());

  it('writes the lock, then finds it up to date without a download; lock --check agrees', async () => {
    const first = await pydebug(['lock', '-q'], { PYDEBUG_MIRROR: server.mirror });
    expect([first.code, first.stdout, first.stderr]).toEqual([0, '', 'wrote pydebug.lock:\n  - there is no lock yet\n']);
    const lock = JSON.parse(await readFile(join(p.dir, 'pydebug.lock'), 'utf8')) as { sources: Record<string, { md5: string; size: number }> };
    expect(lock.sources['3.13.2']).toMatchObject({ md5, size: TARBALL.length });
    const again = await pydebug(['lock'], { PYDEBUG_MIRROR: server.mirror });
    expect([again.code, again.stderr]).toEqual([0, 'pydebug.lock is up to date\n']);
    expect((await pydebug(['lock', '--check'])).stderr).toBe('pydebug.lock is up to date\n');
    // The tarball once, and once the look for its Sigstore bundle (404 here: the declared checksum pins it).
    expect(Object.fromEntries(server.requests)).toEqual({ '/ftp/python/3.13.2/Python-3.13.2.tgz': 1, '/ftp/python/3.13.2/Python-3.13.2.tgz.sigstore': 1 });
  });

  it('a checksum that does not match: exit 1, both hashes named, no lock and no download kept', async () => {
    await writeFile(join(p.dir, 'pydebug.yml'), RECIPE_YAML.replace(MD5_3132, 'c'.repeat(32)));
    const r = await pydebug(['lock', '-q'], { PYDEBUG_MIRROR: server.mirror });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: checksum mismatch for ${server.mirror}/3.13.2/Python-3.13.2.tgz:\n` +
        `  md5 expected ${'c'.repeat(32)}\n  md5 actual   ${md5}\n` +
        'The download was deleted; nothing was extracted or built.\n' +
        'hint: if pydebug.yml is right, the server or mirror sent a different file: check PYDEBUG_MIRROR / the url. If the file is right, correct the checksum in pydebug.yml.\n',
    );
    expect(await readdir(p.dir)).toEqual(['pydebug.yml']);
    expect(await readdir(p.store.downloadsDir)).toEqual([]);
  });

  it('a 404: exit 1, the URL named, no lock written', async () => {
    const r = await pydebug(['lock', '-q'], { PYDEBUG_MIRROR: server.faultMirror('404') });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: download of ${server.faultMirror('404')}/3.13.2/Python-3.13.2.tgz failed: HTTP 404 Not Found\n` +
        'hint: check the version and url in pydebug.yml, and that the mirror has <version>/<file>\n',
    );
    expect(await readdir(p.dir)).toEqual(['pydebug.yml']);
  });
});

describe('pydebug matrix', () => {
  const include = (...ids: string[]) => ({ include: ids.map((id) => ({ id, version: id.slice(0, id.indexOf('-')), variant: id.slice(id.indexOf('-') + 1) })) });
  /** The matrix printed (exit 0, one line on stdout), and what went to stderr. */
  const matrixOf = async (argv: string[]) => {
    const r = await pydebug(['matrix', ...argv]);
    expect(r.code, r.stderr).toBe(0);
    // One line: it goes into $GITHUB_OUTPUT as name=value.
    expect(r.stdout.split('\n')).toHaveLength(2);
    return { matrix: JSON.parse(r.stdout) as unknown, stderr: r.stderr };
  };
  const matrix = async (argv: string[]) => {
    const { matrix, stderr } = await matrixOf(argv);
    expect(stderr).toBe('');
    return matrix;
  };

  it('prints {"include": [{id, version, variant}]} on one line, in declaration order; --json changes nothing', async () => {
    const all = include('3.13.2-debug', '3.13.2-trace-refs', '3.13.2-valgrind');
    expect(await matrix([])).toEqual(all);
    expect(await matrix(['--json'])).toEqual(all);
    // Byte for byte, keys in this order: id, version, variant.
    expect((await pydebug(['matrix'])).stdout).toBe(`${JSON.stringify(all)}\n`);
  });

  it('--variant and --python filter it (repeated or comma-separated); without a lock, still the matrix, with a warning', async () => {
    await SETUPS['two-versions'](p);
    expect(await matrix(['--variant', 'valgrind,debug'])).toEqual(include('3.12.9-debug', '3.12.9-valgrind', '3.13.2-debug', '3.13.2-valgrind'));
    await rm(join(p.dir, 'pydebug.lock'));
    const { matrix: filtered, stderr } = await matrixOf(['--python', '3.13.2', '--variant', 'debug', '--variant', 'trace-refs']);
    expect(filtered).toEqual(include('3.13.2-debug', '3.13.2-trace-refs'));
    expect(stderr).toMatch(/^warning: pydebug\.lock is missing:\n/);
    expect(stderr).toContain('--frozen');
  });

  it('leaves out what exclude names', async () => {
    await writeFile(join(p.dir, 'pydebug.yml'), `${TWO_VERSIONS}exclude:\n  - {version: "3.12.9", variant: valgrind}\n  - {variant: trace-refs}\n`);
    expect((await matrixOf([])).matrix).toEqual(include('3.12.9-debug', '3.13.2-debug', '3.13.2-valgrind'));
  });
});

describe('PYDEBUG_PULL', () => {
  it('refuses a value that is neither on nor off, with the fix', async () => {
    const r = await pydebug(['sync', '--frozen'], { PYDEBUG_PULL: 'maybe' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: PYDEBUG_PULL must be 0 or 1, not "maybe"\nhint: PYDEBUG_PULL=0 builds what the store lacks instead of pulling it from the registry\n');
  });
});
