/**
 * Bad input and faults that need no build, through the real CLI: a tarball that does not match
 * the lock, downloads that fail, hostile tarballs, tampered store entries, hand-edited locks,
 * shell metacharacters, a read-only store. Each asserts on what is left on disk.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { STORE_MARK, Store } from '../../src/store/store.js';
import { cleanEnv, runCli } from '../support/cli.js';
import { SHARED_PROJECT, TARBALLS } from './shared.js';

const e2e = inject('e2e');

/** A project dir with the shared config and lock, and an empty store of its own. */
async function scratch(opts: { yaml?: string; lock?: boolean } = {}) {
  const dir = await mkdtemp(join(e2e.work, 'faults-'));
  await writeFile(join(dir, 'pydebug.yml'), opts.yaml ?? SHARED_PROJECT);
  if (opts.lock !== false) await cp(join(e2e.projectDir, 'pydebug.lock'), join(dir, 'pydebug.lock'));
  const home = join(dir, 'home');
  return { dir, home, run: (args: string[], extra: Record<string, string> = {}) => runCli(args, { cwd: dir, env: cleanEnv({ PYDEBUG_HOME: home, PYDEBUG_MIRROR: e2e.mirror, ...extra }) }) };
}

/** Every file (not directory) under a store, but its locks and its mark. */
async function filesIn(dir: string): Promise<string[]> {
  const list = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return (
    list
      .filter((e) => !e.isDirectory())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      // cache/ holds what pydebug can work out again (the compiler's answers, Node's compile cache).
      .filter((p) => !p.startsWith('locks/') && !p.startsWith('projects/') && !p.startsWith('cache/') && p !== STORE_MARK)
      .sort()
  );
}

describe('downloads', () => {
  it('a mirror serving other bytes than the lock pins (same size): both hashes named, nothing kept or extracted', async () => {
    const s = await scratch();
    const mirror = join(s.dir, 'mirror');
    await mkdir(join(mirror, '3.11.2'), { recursive: true });
    // The real tarball with one byte changed: the size the lock pins, other bytes.
    const bytes = await readFile(join(e2e.tarballs, '3.11.2', TARBALLS[0].file));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(join(mirror, '3.11.2', TARBALLS[0].file), bytes);
    const actual = createHash('sha256').update(bytes).digest('hex');
    const r = await s.run(['sync', '--frozen'], { PYDEBUG_MIRROR: mirror });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`sha256 expected ${TARBALLS[0].sha256}`);
    expect(r.stderr).toContain(`sha256 actual   ${actual}`);
    expect(r.stderr).toMatch(/hint: pydebug.lock is right \(.*\); the server or mirror sent a different file/);
    expect(r.stderr).not.toMatch(/correct the checksum in pydebug.lock/);
    expect(await filesIn(s.home)).toEqual([]);
  });

  it('a mirror serving another file (another size): refused before it is read whole, nothing kept', async () => {
    const s = await scratch();
    const mirror = join(s.dir, 'mirror');
    await mkdir(join(mirror, '3.11.2'), { recursive: true });
    // Another real tarball under 3.11.2's name.
    await cp(join(e2e.tarballs, '3.13.5', TARBALLS[1].file), join(mirror, '3.11.2', TARBALLS[0].file));
    const r = await s.run(['sync', '--frozen'], { PYDEBUG_MIRROR: mirror });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused: the file has \d+ bytes, not the 26437858 bytes pydebug\.lock gives for this file/);
    expect(await filesIn(s.home)).toEqual([]);
  });

  it.each([
    ['404', {}, /download of .*3\.11\.2\/Python-3\.11\.2\.tgz failed: HTTP 404 Not Found\nhint: check the version and url/],
    ['truncate', { PYDEBUG_RETRY_DELAY_MS: '10' }, /failed after 4 attempts: transfer cut short: got \d+ of 26437858 bytes/],
    ['500', { PYDEBUG_RETRY_DELAY_MS: '10' }, /failed after 4 attempts: HTTP 500 Internal Server Error/],
    ['hang', { PYDEBUG_RETRY_DELAY_MS: '10', PYDEBUG_HTTP_TIMEOUT: '1' }, /failed after 4 attempts: no data for 1 s/],
  ])('a server that answers %s: bounded retries, a clear message, no partial file', async (fault, extra, message) => {
    const s = await scratch();
    const r = await s.run(['sync', '--frozen'], { PYDEBUG_MIRROR: `${e2e.origin}/fault/${fault}/ftp/python`, ...extra });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(await filesIn(s.home)).toEqual([]);
  });
});

describe('hostile tarballs', () => {
  it('a tarball with ../ and absolute paths is refused before anything is written outside', async () => {
    const s = await scratch({ lock: false });
    const outside = join(s.dir, 'outside');
    await mkdir(outside);
    const mirror = join(s.dir, 'mirror');
    await mkdir(join(mirror, '9.9.9'), { recursive: true });
    const tarball = join(mirror, '9.9.9', 'Python-9.9.9.tgz');
    execFileSync('python3', [
      '-c',
      `import io, tarfile, sys
with tarfile.open(sys.argv[1], "w:gz") as t:
    for name in ["Python-9.9.9/configure", "Python-9.9.9/../../outside/evil.txt", sys.argv[2] + "/abs-evil.txt"]:
        data = b"#!/bin/sh\\necho pwned\\n"
        info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))`,
      tarball,
      outside,
    ]);
    const sha = execFileSync('sha256sum', [tarball]).toString().split(' ')[0];
    await writeFile(join(s.dir, 'pydebug.yml'), `python:\n  - version: "9.9.9"\n    sha256: ${sha}\nvariants:\n  debug: {pydebug: true}\n`);
    const r = await s.run(['sync'], { PYDEBUG_MIRROR: mirror });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to extract Python-9\.9\.9\.tgz: Python-9\.9\.9\/\.\.\/\.\.\/outside\/evil\.txt climbs out with "\.\."\. Nothing was extracted\./);
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(join(s.home, 'sources'))).toEqual([]);
    expect(await readdir(join(s.home, 'entries'))).toEqual([]);
  });
});

describe('the store', () => {
  it('a tampered or truncated entry is detected on use and reported', async () => {
    const s = await scratch();
    const shared = JSON.parse((await runCli(['list', '--json'], { cwd: e2e.projectDir, env: cleanEnv({ PYDEBUG_HOME: e2e.home }) })).stdout) as Array<{
      id: string;
      entry_key: string;
      prefix: string;
    }>;
    // Small copies: readEntry looks at the manifest, the interpreter (with the links leading to
    // it) and libpython, nothing else.
    const [debug, traceRefs, valgrind] = shared;
    const manifestOf = (e: { entry_key: string }) => join(s.home, 'entries', e.entry_key, 'share/pydebug/manifest.json');
    for (const e of shared) await cp(join(e.prefix, 'share/pydebug/manifest.json'), manifestOf(e));
    const manifest = JSON.parse(await readFile(manifestOf(debug!), 'utf8'));
    // verbatimSymlinks: bin/python3 -> python3.11 stays a relative link, as built.
    for (const file of Object.keys(manifest.contents.core)) {
      await cp(join(debug!.prefix, file), join(s.home, 'entries', debug!.entry_key, file), { verbatimSymlinks: true });
    }
    expect(JSON.parse((await s.run(['list', '--json'])).stdout)[0].status).toBe('built');
    const interpreter = Object.keys(manifest.contents.core).find((f) => f.startsWith('bin/') && manifest.contents.core[f].kind === 'f')!;
    await truncate(join(s.home, 'entries', debug!.entry_key, interpreter), 1000);
    await rm(manifestOf(traceRefs!));
    await writeFile(manifestOf(valgrind!), '{"not": "a manifest"');

    const list = JSON.parse((await s.run(['list', '--json'])).stdout) as Array<{ status: string; reason?: string }>;
    expect(list.map((e) => [e.status, e.reason])).toEqual([
      ['damaged', `its interpreter ${interpreter} has 1000 bytes, it had ${manifest.contents.core[interpreter].bytes} when built`],
      ['damaged', 'its manifest is missing'],
      ['damaged', 'its manifest is not valid JSON'],
    ]);
    const which = await s.run(['which', 'debug']);
    expect(which.code).toBe(1);
    expect(which.stderr).toMatch(/3\.11\.2-debug: its store entry is damaged \(its interpreter bin\/python3\.11 has 1000 bytes.*\)\nhint: run `pydebug sync --variant debug --python 3\.11\.2`/);
    expect((await s.run(['run', 'trace-refs', '--', 'python', '-V'])).code).toBe(1);
    // A sync would rebuild them (see interrupts.test.ts for a real rebuild over a damaged entry).
  });

  it('a read-only store is refused before anything is downloaded or built', async () => {
    const s = await scratch();
    // A marked store: a directory holding only store/ is not one (issue 21), and is refused as such.
    await new Store(s.home).ensureLayout();
    const chattr = await execa('chattr', ['+i', join(s.home, 'entries')], { reject: false });
    expect(chattr.exitCode, `chattr +i needs root and ext4/tmpfs: ${chattr.stderr}`).toBe(0);
    try {
      const r = await s.run(['sync']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error: the store .*home is not writable \(EPERM: operation not permitted/);
      expect(r.stderr).toMatch(/hint: make it writable, or set PYDEBUG_HOME to a writable directory/);
      expect(r.stderr).not.toMatch(/download|configure/);
      expect(await filesIn(s.home)).toEqual([]);
    } finally {
      await execa('chattr', ['-i', join(s.home, 'entries')], { reject: false });
    }
  });
});

describe('the lock', () => {
  it('a hand-edited lock: refused under --frozen with the reason; re-locked with a note otherwise', async () => {
    const s = await scratch();
    const original = await readFile(join(s.dir, 'pydebug.lock'), 'utf8');
    const edited = JSON.parse(original);
    edited.builds['3.11.2-debug'].configure = ['--with-pydebug', '--without-pymalloc'];
    await writeFile(join(s.dir, 'pydebug.lock'), JSON.stringify(edited, null, 2));
    const env = { PYDEBUG_HOME: e2e.home };
    const frozen = await s.run(['sync', '--frozen'], env);
    expect(frozen.code).toBe(1);
    expect(frozen.stderr).toMatch(
      /pydebug.lock is out of date with pydebug.yml:\n {2}- 3\.11\.2-debug: configure arguments changed: lock has --with-pydebug --without-pymalloc, pydebug.yml gives --with-pydebug/,
    );
    const relock = await s.run(['sync'], env);
    expect(relock.code, relock.stderr).toBe(0);
    expect(relock.stderr).toMatch(/updated .*pydebug.lock:\n {2}- 3\.11\.2-debug: configure arguments changed/);
    expect(relock.stderr).toMatch(/0 built, 3 already in the store/);
    expect(await readFile(join(s.dir, 'pydebug.lock'), 'utf8')).toBe(original);
  });

  it('a lock that is not JSON: refused under --frozen, rewritten otherwise', async () => {
    const s = await scratch();
    await writeFile(join(s.dir, 'pydebug.lock'), '{ "lock_version": 1, oops');
    const env = { PYDEBUG_HOME: e2e.home };
    const frozen = await s.run(['sync', '--frozen'], env);
    expect(frozen.code).toBe(1);
    expect(frozen.stderr).toMatch(/pydebug.lock cannot be read: it is not valid JSON/);
    const relock = await s.run(['sync'], env);
    expect(relock.code, relock.stderr).toBe(0);
    expect(relock.stderr).toMatch(/could not read .*and was rewritten|could not be read .* and was rewritten/);
    expect(await readFile(join(s.dir, 'pydebug.lock'), 'utf8')).toBe(await readFile(join(e2e.projectDir, 'pydebug.lock'), 'utf8'));
  });
});

describe('shell metacharacters', () => {
  it('env values reach the command verbatim and are never run', async () => {
    const s = await scratch({ lock: false });
    const marker = join(s.dir, 'pwned');
    const values = [`$(touch ${marker})`, `\`touch ${marker}\``, `; touch ${marker}`, `a\nb && touch ${marker}`];
    const yaml = SHARED_PROJECT.replace('  debug:\n    pydebug: true\n', `  debug:\n    pydebug: true\n    env:\n${values.map((v, i) => `      V${i}: ${JSON.stringify(v)}`).join('\n')}\n`);
    await writeFile(join(s.dir, 'pydebug.yml'), yaml);
    expect((await s.run(['lock'], { PYDEBUG_HOME: e2e.home })).code).toBe(0);
    const lock = JSON.parse(await readFile(join(s.dir, 'pydebug.lock'), 'utf8'));
    expect(Object.values(lock.builds['3.11.2-debug'].env)).toEqual(values);
    const r = await s.run(['run', 'debug', '--', 'python', '-c', 'import os, json; print(json.dumps([os.environ["V%d" % i] for i in range(4)]))'], { PYDEBUG_HOME: e2e.home });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(values);
    await expect(stat(marker)).rejects.toThrow();
  });

  it('flags a shell would interpret are refused at config time; so are names that escape the store', async () => {
    const s = await scratch({ lock: false });
    const marker = join(s.dir, 'pwned');
    for (const [yaml, message] of [
      [SHARED_PROJECT.replace('    trace_refs: true', `    trace_refs: true\n    cflags: ["-DX=$(touch ${marker})"]`), /contains characters a shell would interpret/],
      [SHARED_PROJECT.replace('    trace_refs: true', `    trace_refs: true\n    configure_args: ["--with-openssl=\`touch ${marker}\`"]`), /contains characters a shell would interpret/],
      [SHARED_PROJECT.replace('  debug:', '  ../../escape:'), /"\.\.\/\.\.\/escape" cannot be a variant name/],
    ] as const) {
      await writeFile(join(s.dir, 'pydebug.yml'), yaml);
      const r = await s.run(['sync']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    await expect(stat(marker)).rejects.toThrow();
    await expect(stat(s.home)).rejects.toThrow();
  });
});
