/**
 * Hostile or broken input reaching the CLI: each case must end in a short error a user can act on
 * (what is wrong, which file or option, a hint) and exit 1 or 2, never an "internal error" with a
 * stack trace. Real files and directories; the CLI runs in process.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { makeUnwritable, runInProcess } from './in-process.js';

let dir: string;
let cleanups: Array<() => Promise<void>>;

beforeEach(async () => {
  dir = await tempDir('pydebug-hostile-');
  cleanups = [];
});

afterEach(async () => {
  for (const undo of cleanups.reverse()) await undo();
});

/** A project whose source is a local file, so `lock` needs no network. */
async function project(where = join(dir, 'project')): Promise<string> {
  await mkdir(where, { recursive: true });
  const tarball = join(dir, 'Python-3.13.2.tgz');
  const bytes = Buffer.from('not really a tarball, but lock only hashes it');
  await writeFile(tarball, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(join(where, 'pydebug.yml'), `python:\n  - version: "3.13.2"\n    sha256: ${sha256}\n    url: file://${tarball}\nvariants:\n  debug:\n    pydebug: true\n`);
  return where;
}

/** Nine levels of nine aliases: 9^9 strings once expanded. */
function billionLaughs(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\npython: *a9\nvariants: {debug: {pydebug: true}}\n`;
}

interface Setup {
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
}

interface HostileCase {
  name: string;
  setup: () => Promise<Setup>;
  code: 1 | 2;
  /** What the error must say (the first line, or a file:line:col problem for config errors). */
  says: RegExp;
  /** What the hint must say, when more than that there is one. */
  hint?: RegExp;
  /** Checked after the run, e.g. that nothing was written. */
  after?: () => Promise<void>;
}

const home = () => join(dir, 'home');

const CASES: HostileCase[] = [
  {
    name: 'a billion-laughs pydebug.yml',
    setup: async () => {
      await writeFile(join(dir, 'pydebug.yml'), billionLaughs());
      return { argv: ['lock'] };
    },
    code: 2,
    says: /pydebug\.yml:\d+:\d+: .*alias/,
  },
  {
    name: '--config naming a directory',
    setup: async () => ({ argv: ['lock', '--config', dir] }),
    code: 2,
    says: /is a directory/,
  },
  {
    name: '--config /dev/zero',
    setup: async () => ({ argv: ['lock', '--config', '/dev/zero'] }),
    code: 2,
    says: /\/dev\/zero is not a regular file \(a character device\)/,
  },
  {
    name: '--config a file larger than 1 MB',
    setup: async () => {
      await writeFile(join(dir, 'big.yml'), `# ${'x'.repeat(1024 * 1024)}\n`);
      return { argv: ['lock', '--config', join(dir, 'big.yml')] };
    },
    code: 2,
    says: /big\.yml is larger than 1 MB/,
  },
  {
    name: '--config a symlink loop',
    setup: async () => {
      await symlink(join(dir, 'b.yml'), join(dir, 'a.yml'));
      await symlink(join(dir, 'a.yml'), join(dir, 'b.yml'));
      return { argv: ['lock', '--config', join(dir, 'a.yml')] };
    },
    code: 1,
    says: /^error: cannot open .*a\.yml: too many levels of symbolic links$/m,
  },
  {
    name: 'a bad environment variable name in a variant, through the CLI',
    setup: async () => {
      await writeFile(join(dir, 'pydebug.yml'), 'python: [{version: "3.13.2"}]\nvariants:\n  debug:\n    env: {"A=B": "1"}\n');
      return { argv: ['lock'] };
    },
    code: 2,
    says: /pydebug\.yml:4:11: "A=B" cannot be an environment variable name in variant "debug"/,
  },
  {
    name: 'a 300-character variant name, through the CLI',
    setup: async () => {
      await writeFile(join(dir, 'pydebug.yml'), `python: [{version: "3.13.2"}]\nvariants:\n  ${'v'.repeat(300)}: {pydebug: true}\n`);
      return { argv: ['lock'] };
    },
    code: 2,
    says: /pydebug\.yml:3:3: variant name "v+…" is too long: 300 characters, at most 64/,
  },
  {
    name: 'init --force where pydebug.yml is a directory',
    setup: async () => {
      await mkdir(join(dir, 'pydebug.yml'));
      return { argv: ['init', '--force'] };
    },
    code: 1,
    says: /^error: cannot write .*pydebug\.yml: it is a directory$/m,
  },
  {
    name: 'PYDEBUG_HOME naming a file',
    setup: async () => {
      const cwd = await project();
      await writeFile(home(), 'a file, not a directory');
      return { argv: ['lock'], cwd, env: { PYDEBUG_HOME: home() } };
    },
    code: 1,
    says: /not a directory/,
    hint: /^hint: PYDEBUG_HOME \(.*\) must be a directory pydebug can write/m,
  },
  {
    name: 'PYDEBUG_HOME a symlink loop',
    setup: async () => {
      const cwd = await project();
      await symlink(join(dir, 'loop-b'), join(dir, 'loop-a'));
      await symlink(join(dir, 'loop-a'), join(dir, 'loop-b'));
      return { argv: ['lock'], cwd, env: { PYDEBUG_HOME: join(dir, 'loop-a') } };
    },
    code: 1,
    says: /symbolic links/,
    hint: /^hint: PYDEBUG_HOME \(.*\) must be a directory pydebug can write/m,
  },
  {
    name: 'PYDEBUG_HOME a file, for a command that reads the store (list)',
    setup: async () => {
      const cwd = await project();
      expect((await runInProcess(['lock', '-q'], { cwd, env: { PYDEBUG_HOME: join(dir, 'real-home') } })).code).toBe(0);
      await writeFile(home(), 'a file, not a directory');
      return { argv: ['list'], cwd, env: { PYDEBUG_HOME: home() } };
    },
    code: 1,
    says: /not a directory/,
    hint: /^hint: PYDEBUG_HOME \(.*\) must be a directory pydebug can write/m,
  },
  {
    name: 'lock in a project directory that refuses new files',
    setup: async () => {
      const cwd = await project();
      cleanups.push(await makeUnwritable(cwd));
      return { argv: ['lock', '-q'], cwd };
    },
    code: 1,
    says: /^error: cannot open .*project\/\.?pydebug\.lock\S*: (operation not permitted|permission denied)$/m,
  },
  {
    name: 'init in a directory that refuses new files',
    setup: async () => {
      const cwd = join(dir, 'project');
      await mkdir(cwd);
      cleanups.push(await makeUnwritable(cwd));
      return { argv: ['init'], cwd };
    },
    code: 1,
    says: /^error: cannot write .*project\/pydebug\.yml: (operation not permitted|permission denied)$/m,
  },
  {
    name: 'init --config below a regular file',
    setup: async () => {
      await writeFile(join(dir, 'file'), '');
      return { argv: ['init', '--config', join(dir, 'file', 'pydebug.yml')] };
    },
    code: 1,
    says: /file\/pydebug\.yml: a part of the path is not a directory/,
  },
  {
    name: 'init --config in a directory that does not exist',
    setup: async () => ({ argv: ['init', '--config', '/nonexistent/dir/pydebug.yml'] }),
    code: 2,
    says: /cannot write \/nonexistent\/dir\/pydebug\.yml: the directory \/nonexistent\/dir does not exist/,
  },
  {
    name: 'init through a dangling pydebug.yml symlink',
    setup: async () => {
      await symlink(join(dir, 'elsewhere', 'victim.yml'), join(dir, 'pydebug.yml'));
      await mkdir(join(dir, 'elsewhere'));
      return { argv: ['init'] };
    },
    code: 2,
    says: /pydebug\.yml is a symbolic link/,
    after: async () => expect(await readdir(join(dir, 'elsewhere'))).toEqual([]),
  },
  {
    name: 'init --force through a pydebug.yml symlink',
    setup: async () => {
      await mkdir(join(dir, 'elsewhere'));
      await writeFile(join(dir, 'elsewhere', 'victim.yml'), 'keep me');
      await symlink(join(dir, 'elsewhere', 'victim.yml'), join(dir, 'pydebug.yml'));
      return { argv: ['init', '--force'] };
    },
    code: 2,
    says: /pydebug\.yml is a symbolic link/,
  },
  ...['1e3', '0x10', ' 4', '4.0', '0', '257', '-1', ''].map(
    (jobs): HostileCase => ({
      name: `sync --jobs=${JSON.stringify(jobs)}`,
      setup: async () => ({ argv: ['sync', `--jobs=${jobs}`] }),
      code: 2,
      says: /--jobs must be a whole number from 1 to 256/,
    }),
  ),
  {
    name: 'sync --parallel 1e1',
    setup: async () => ({ argv: ['sync', '--parallel', '1e1'] }),
    code: 2,
    says: /--parallel must be a whole number from 1 to 256, not "1e1"/,
  },
  {
    name: 'inspect of a file that is not a program (/etc/passwd)',
    setup: async () => ({ argv: ['inspect', '/etc/passwd'] }),
    code: 1,
    says: /^error: \/etc\/passwd is not a Python interpreter/,
  },
  {
    name: 'inspect of a program that is not Python (/bin/false)',
    setup: async () => ({ argv: ['inspect', '/bin/false'] }),
    code: 1,
    says: /^error: \/bin\/false is not a Python interpreter/,
  },
  {
    name: 'inspect of a program that prints no JSON (/bin/true)',
    setup: async () => ({ argv: ['inspect', '/bin/true'] }),
    code: 1,
    says: /^error: \/bin\/true is not a Python interpreter/,
  },
  {
    name: 'inspect of a directory',
    setup: async () => ({ argv: ['inspect', dir] }),
    code: 1,
    says: /is not a Python interpreter/,
  },
];

describe('hostile input gives a short error, never a stack trace', () => {
  it.each(CASES)('$name', async (c) => {
    const { argv, cwd = dir, env = {} } = await c.setup();
    const r = await runInProcess(argv, { cwd, env: { PYDEBUG_HOME: home(), ...env } });
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(c.says);
    expect(r.stderr).toMatch(/^(hint| {2}fix): \S/m);
    if (c.hint) expect(r.stderr).toMatch(c.hint);
    expect(r.stderr).not.toMatch(/import json/);
    expect(r.code).toBe(c.code);
    await c.after?.();
  });
});
