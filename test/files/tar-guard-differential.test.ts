/**
 * The tar guard against GNU tar itself. Each hostile tarball is built byte by byte
 * (test/support/tar-writer.ts) and then:
 *  - the guard's view of every member (name, kind, link target) must equal what
 *    `tar --list --verbose` prints, or the guard must refuse the tarball (and then the members it
 *    let through before refusing must be tar's first ones);
 *  - a refused tarball is never extracted: extractSourceTree fails and nothing is written;
 *  - an accepted one is extracted for real through the guard, and the tree on disk must be
 *    exactly what the guard saw (tar -x and tar -t disagree on some archives, see "data on a
 *    symlink"), with every symlink resolving inside it and nothing written outside.
 * Every case's expected verdict is stated, and GNU tar's reading of it was checked by hand with
 * GNU tar 1.34.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { type MemberKind, TarGuard, type TarMember, UnsafeTarballError } from '../../src/files/tar-guard.js';
import { extractSourceTree } from '../../src/source/extract.js';
import { SOURCE_STAMP_FILE } from '../../src/source/source-stamp.js';
import { base256, endOfArchive, gnuLong, type MemberSpec, member, pax, tarball } from '../support/tar-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'pydebug-tar-differential-'));
const OUTSIDE = join(dir, 'outside');
mkdirSync(OUTSIDE);
mkdirSync(join(dir, 'tarballs'));
mkdirSync(join(dir, 'trees'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = 'Python-3.11.2';
const p = (rest: string) => `${T}/${rest}`;

/** The start of every case: the top directory and a configure script, as a source tree has. */
function archive(...parts: Buffer[]): Buffer {
  return tarball(member({ name: `${T}/`, type: '5' }), member({ name: p('configure'), data: '#!/bin/sh\n' }), ...parts);
}

const file = (name: string | Buffer, data: string | Buffer = `contents of ${name.toString()}\n`, extra: Partial<MemberSpec> = {}) => member({ name, data, ...extra });
const symlink = (name: string, target: string, extra: Partial<MemberSpec> = {}) => member({ name, type: '2', linkname: target, ...extra });
const hardlink = (name: string, target: string, extra: Partial<MemberSpec> = {}) => member({ name, type: '1', linkname: target, ...extra });
const directory = (name: string, extra: Partial<MemberSpec> = {}) => member({ name, type: '5', ...extra });
/** A symlink to outside the tree, hidden where a reader that agrees with tar would find it. */
const escapingLink = () => symlink(p('smuggled'), OUTSIDE);
/** A block-aligned payload: a member header (and what follows) that must not be read as data. */
const smuggle = (...parts: Buffer[]) => Buffer.concat(parts);

type Verdict = 'accepted' | 'refused';
interface Case {
  kind: string;
  what: string;
  verdict: Verdict;
  build: () => Buffer;
}

const CASES: Case[] = [
  // Name headers: pax `x` against GNU `L`/`K`. GNU tar takes the pax record whatever the order.
  {
    kind: 'name headers',
    what: 'the issue case: pax path+linkpath, then GNU L/K with harmless names',
    verdict: 'refused',
    build: () =>
      archive(
        pax([
          ['path', p('escape')],
          ['linkpath', OUTSIDE],
        ]),
        gnuLong('L', p('harmless')),
        gnuLong('K', 'configure'),
        symlink(p('h'), 'configure'),
      ),
  },
  {
    kind: 'name headers',
    what: 'GNU L, then a pax path',
    verdict: 'refused',
    build: () =>
      archive(
        gnuLong('L', p('harmless')),
        pax([
          ['path', p('escape')],
          ['linkpath', OUTSIDE],
        ]),
        symlink(p('h'), 'configure'),
      ),
  },
  { kind: 'name headers', what: 'GNU K, then a pax linkpath', verdict: 'refused', build: () => archive(gnuLong('K', 'configure'), pax([['linkpath', OUTSIDE]]), symlink(p('link'), 'configure')) },
  { kind: 'name headers', what: 'a pax linkpath, then GNU K', verdict: 'refused', build: () => archive(pax([['linkpath', OUTSIDE]]), gnuLong('K', 'configure'), symlink(p('link'), 'configure')) },
  { kind: 'name headers', what: 'a pax path and a GNU L that agree', verdict: 'refused', build: () => archive(pax([['path', p('same')]]), gnuLong('L', p('same')), file(p('h'))) },
  { kind: 'name headers', what: 'two GNU L (tar takes the last)', verdict: 'refused', build: () => archive(gnuLong('L', p('first')), gnuLong('L', p('second')), file(p('h'))) },
  { kind: 'name headers', what: 'two GNU K (tar takes the last)', verdict: 'refused', build: () => archive(gnuLong('K', 'configure'), gnuLong('K', OUTSIDE), symlink(p('link'), 'configure')) },
  {
    kind: 'name headers',
    what: "two pax x headers: tar keeps only the last, dropping the first one's linkpath",
    verdict: 'refused',
    build: () => archive(pax([['linkpath', 'configure']]), pax([['mtime', '1']]), symlink(p('link'), OUTSIDE)),
  },
  { kind: 'name headers', what: 'a GNU L alone (long name, benign)', verdict: 'accepted', build: () => archive(gnuLong('L', p(`${'long/'.repeat(30)}file`)), file(p('short'))) },
  { kind: 'name headers', what: 'a GNU L with a NUL inside: tar cuts at the NUL', verdict: 'accepted', build: () => archive(gnuLong('L', Buffer.from(`${p('cut')}\0/../../escape`)), file(p('h'))) },
  {
    kind: 'name headers',
    what: 'a pax path over a ustar prefix+name (benign)',
    verdict: 'accepted',
    build: () => archive(pax([['path', p('from-pax')]]), file('name', 'x', { prefix: 'Other/prefix' })),
  },
  {
    kind: 'name headers',
    what: 'a GNU L over a ustar prefix+name (benign)',
    verdict: 'accepted',
    build: () => archive(gnuLong('L', p('from-long-name')), file('name', 'x', { prefix: 'Other/prefix' })),
  },

  // pax global headers: GNU tar applies their path/linkpath/size to every member that follows.
  { kind: 'pax global', what: 'a global path renames every member', verdict: 'refused', build: () => archive(pax([['path', p('global')]], 'g'), file(p('a')), file(p('b'))) },
  { kind: 'pax global', what: 'a global linkpath retargets every symlink', verdict: 'refused', build: () => archive(pax([['linkpath', OUTSIDE]], 'g'), symlink(p('link'), 'configure')) },
  { kind: 'pax global', what: 'a global size=0 makes file data headers', verdict: 'refused', build: () => archive(pax([['size', '0']], 'g'), file(p('carrier'), smuggle(escapingLink()))) },
  { kind: 'pax global', what: 'a global comment only (git archive writes one)', verdict: 'accepted', build: () => archive(pax([['comment', 'f0e1d2c3b4a5']], 'g'), file(p('a'))) },
  {
    kind: 'pax global',
    what: 'a pax x, then a global comment, then the member: the x still applies',
    verdict: 'accepted',
    build: () => archive(pax([['path', p('from-x')]]), pax([['comment', 'c']], 'g'), file(p('header-name'))),
  },

  // pax records.
  { kind: 'pax records', what: 'a path with an embedded NUL (tar cuts there)', verdict: 'refused', build: () => archive(pax([['path', Buffer.from(`${p('ok')}\0/../../escape`)]]), file(p('h'))) },
  { kind: 'pax records', what: 'a path with a newline', verdict: 'refused', build: () => archive(pax([['path', p('a\nb')]]), file(p('h'))) },
  { kind: 'pax records', what: 'a record whose length is longer than the header', verdict: 'refused', build: () => archive(pax(Buffer.from(`99 path=${p('a')}\n`)), file(p('h'))) },
  { kind: 'pax records', what: 'a record whose length is one short', verdict: 'refused', build: () => archive(pax(Buffer.from(`28 path=${p('abcd')}\n`)), file(p('h'))) },
  {
    kind: 'pax records',
    what: 'lengths counted in bytes: a multibyte path, then a linkpath a character-counting parser skips',
    verdict: 'refused',
    build: () =>
      archive(
        pax([
          ['path', p('ééééééééééééé')],
          ['linkpath', OUTSIDE],
        ]),
        symlink(p('link'), 'configure'),
      ),
  },
  { kind: 'pax records', what: 'a multibyte path, lengths in bytes (benign)', verdict: 'accepted', build: () => archive(pax([['path', p('naïve-ünïcödé')]]), file(p('h'))) },
  {
    kind: 'pax records',
    what: 'the same key twice (tar takes the last)',
    verdict: 'refused',
    build: () =>
      archive(
        pax([
          ['path', p('one')],
          ['path', p('two')],
        ]),
        file(p('h')),
      ),
  },
  { kind: 'pax records', what: 'GNU.sparse.name renames the member', verdict: 'refused', build: () => archive(pax([['GNU.sparse.name', p('sparse-name')]]), file(p('h'))) },
  { kind: 'pax records', what: 'a record without "="', verdict: 'refused', build: () => archive(pax(Buffer.from(`12 pathvalue\n`)), file(p('h'))) },
  {
    kind: 'pax records',
    what: 'unknown keywords and xattrs (tar ignores them)',
    verdict: 'accepted',
    build: () =>
      archive(
        pax([
          ['LIBARCHIVE.creationtime', '1'],
          ['SCHILY.xattr.user.x', 'y'],
          ['mtime', '1700000000.5'],
        ]),
        file(p('h')),
      ),
  },

  // pax size: it overrides the header's size field; a reader that ignores it reads data as headers.
  {
    kind: 'pax size',
    what: 'size=0 over a header size of 1024: the data holds a symlink to outside',
    verdict: 'refused',
    build: () => archive(pax([['size', '0']]), file(p('carrier'), smuggle(escapingLink()))),
  },
  {
    kind: 'pax size',
    what: 'size=512 over a header size of 0: the next block is data, not the symlink it looks like',
    verdict: 'accepted',
    build: () => archive(pax([['size', '512']]), file(p('carrier'), '', { size: 0 }), escapingLink(), file(p('after'))),
  },
  { kind: 'pax size', what: 'a size that is not a number', verdict: 'refused', build: () => archive(pax([['size', '1x']]), file(p('h'))) },
  {
    kind: 'pax size',
    what: 'a size on a hardlink (tar -t skips it, tar -x does not)',
    verdict: 'refused',
    build: () => archive(file(p('a')), pax([['size', '512']]), hardlink(p('b'), p('a')), escapingLink(), file(p('after'))),
  },
  { kind: 'pax size', what: 'a size on a directory', verdict: 'refused', build: () => archive(pax([['size', '512']]), directory(p('d')), escapingLink(), file(p('after'))) },
  { kind: 'pax size', what: 'a size on a symlink', verdict: 'refused', build: () => archive(pax([['size', '512']]), symlink(p('s'), 'configure'), escapingLink(), file(p('after'))) },

  // Data on members that have none: GNU tar reads it as the next headers.
  { kind: 'data on a non-file', what: 'a directory with a size of 512', verdict: 'refused', build: () => archive(directory(p('d'), { size: 512 }), escapingLink()) },
  {
    kind: 'data on a non-file',
    what: 'a symlink with a size of 512 (tar -t skips it, tar -x does not)',
    verdict: 'refused',
    build: () => archive(symlink(p('s'), 'configure', { size: 512 }), escapingLink()),
  },
  { kind: 'data on a non-file', what: 'a hardlink with a size of 512', verdict: 'refused', build: () => archive(file(p('a')), hardlink(p('b'), p('a'), { size: 512 }), escapingLink()) },

  // ustar fields and magic.
  { kind: 'ustar fields', what: 'prefix + name under POSIX magic (benign)', verdict: 'accepted', build: () => archive(file('name', 'x', { prefix: p('pre/fix') })) },
  { kind: 'ustar fields', what: 'a prefix under old GNU magic (tar ignores it)', verdict: 'accepted', build: () => archive(file(p('name'), 'x', { prefix: '../../Other', magic: 'oldgnu' })) },
  { kind: 'ustar fields', what: 'a prefix under no magic (v7; tar ignores it)', verdict: 'accepted', build: () => archive(file(p('v7name'), 'x', { prefix: '../../Other', magic: 'v7' })) },
  { kind: 'ustar fields', what: 'a 100-byte name without NUL, with a prefix', verdict: 'accepted', build: () => archive(file('n'.repeat(100), 'x', { prefix: p('pre') })) },
  {
    kind: 'ustar fields',
    what: 'a bad checksum (tar skips to the next header)',
    verdict: 'refused',
    build: () => archive(file(p('bad'), smuggle(escapingLink()), { badChecksum: true }), file(p('after'))),
  },

  // Numeric fields: tar rejects the header and scans for the next one, here inside the data.
  { kind: 'numeric fields', what: 'a base-256 size (benign)', verdict: 'accepted', build: () => archive(file(p('b256'), 'abc', { sizeField: base256(3n) })) },
  {
    kind: 'numeric fields',
    what: 'a base-256 size with bits in its first byte',
    verdict: 'refused',
    build: () =>
      archive(
        file(p('b256'), smuggle(escapingLink()), {
          sizeField: (() => {
            const f = base256(1024n);
            f[0] = 0x81;
            return f;
          })(),
        }),
      ),
  },
  { kind: 'numeric fields', what: 'a negative base-256 size', verdict: 'refused', build: () => archive(file(p('neg'), smuggle(escapingLink()), { sizeField: Buffer.alloc(12, 0xff) })) },
  {
    kind: 'numeric fields',
    what: 'an octal size with trailing garbage',
    verdict: 'refused',
    build: () => archive(file(p('garbage'), smuggle(escapingLink()), { sizeField: Buffer.from('00000002000x') })),
  },
  { kind: 'numeric fields', what: 'an octal size padded with spaces (benign)', verdict: 'accepted', build: () => archive(file(p('spaced'), 'abc', { sizeField: Buffer.from('          3\0') })) },

  // Entry types.
  ...['S', 'M', 'V', 'D', 'N', 'A', 'X', 'Z', '3', '4', '6'].map(
    (type): Case => ({
      kind: 'entry types',
      what: `type '${type}'`,
      verdict: 'refused',
      build: () => archive(member({ name: p(`type-${type}`), type, data: type === 'X' ? '' : 'x' }), file(p('after'))),
    }),
  ),
  {
    kind: 'entry types',
    what: "contiguous '7' and old regular '\\0' (regular files)",
    verdict: 'accepted',
    build: () => archive(member({ name: p('contiguous'), type: '7', data: 'c' }), member({ name: p('old-regular'), type: '\0', data: 'o' })),
  },

  // Names.
  { kind: 'names', what: "a regular file whose name ends in '/' (tar makes it a directory)", verdict: 'refused', build: () => archive(file(p('slash/'), 'x'.repeat(600)), file(p('after'))) },
  { kind: 'names', what: "'./' prefixes and doubled slashes (benign)", verdict: 'accepted', build: () => archive(file(`./${p('dot')}`), file(`${T}//double`), directory(p('sub/'))) },
  { kind: 'names', what: 'a name that is not UTF-8', verdict: 'refused', build: () => archive(file(Buffer.from(`${p('caf')}\xe9`, 'latin1'))) },
  { kind: 'names', what: 'a hardlink to a symlink', verdict: 'refused', build: () => archive(symlink(p('s'), 'configure'), hardlink(p('h'), p('s'))) },
  { kind: 'names', what: 'a hardlink to a directory', verdict: 'refused', build: () => archive(directory(p('d')), hardlink(p('h'), p('d'))) },
  { kind: 'names', what: 'a hardlink to a file later replaced by a symlink', verdict: 'refused', build: () => archive(file(p('f')), symlink(p('f'), 'configure'), hardlink(p('h'), p('f'))) },
  { kind: 'names', what: 'a hardlink whose target climbs back in', verdict: 'refused', build: () => archive(file(p('f')), hardlink(p('h'), p('x/../f'))) },
  { kind: 'names', what: 'a hardlink to an earlier file (benign)', verdict: 'accepted', build: () => archive(file(p('f')), hardlink(p('h'), p('f'))) },
  {
    kind: 'names',
    what: 'a symlink, a directory of the same name, a file inside',
    verdict: 'refused',
    build: () => archive(directory(p('Misc')), symlink(p('s'), 'Misc'), directory(p('s')), file(p('s/x'))),
  },
  { kind: 'names', what: 'a symlink in place of the top directory, last', verdict: 'refused', build: () => archive(symlink(T, '.')) },
  { kind: 'names', what: 'a file at the top level', verdict: 'refused', build: () => tarball(file('configure'), file(p('configure'))) },
  { kind: 'names', what: 'an in-tree symlink (benign)', verdict: 'accepted', build: () => archive(directory(p('Misc')), file(p('Misc/f')), symlink(p('link'), 'Misc/f')) },

  // The end of the archive.
  {
    kind: 'end of archive',
    what: 'a lone zero block, then a symlink to outside (tar stops at the zero block)',
    verdict: 'accepted',
    build: () => Buffer.concat([archive().subarray(0, -1024), Buffer.alloc(512), escapingLink(), endOfArchive()]),
  },
  {
    kind: 'end of archive',
    what: 'a block of zeros but for its checksum (tar reads it as a nameless member)',
    verdict: 'refused',
    build: () => {
      const block = Buffer.alloc(512);
      block.write('0000400\0', 148, 'latin1');
      return archive(block, escapingLink());
    },
  },
];

/** The guard's decisions, fed in odd-sized chunks so headers straddle chunk boundaries. */
async function guardView(bytes: Buffer): Promise<{ members: TarMember[]; refusal?: string }> {
  const members: TarMember[] = [];
  const guard = new TarGuard('hostile.tar', (m) => members.push(m));
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 777) chunks.push(bytes.subarray(at, at + 777));
  const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
  try {
    await pipeline(Readable.from(chunks), guard, sink);
    return { members };
  } catch (e) {
    if (e instanceof UnsafeTarballError) return { members, refusal: e.message };
    throw e;
  }
}

/** Reads one C-quoted string (tar --quoting-style=c) at `at`; returns its bytes as text and where it ends. */
function cQuoted(line: string, at: number): { text: string; end: number } {
  if (line[at] !== '"') throw new Error(`expected a quoted name at ${at} in ${line}`);
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, '?': 63 };
  let i = at + 1;
  while (line[i] !== '"') {
    if (line[i] === '\\') {
      const octal = /^[0-7]{3}/.exec(line.slice(i + 1));
      if (octal) {
        bytes.push(parseInt(octal[0], 8));
        i += 4;
      } else {
        bytes.push(escapes[line[i + 1]!]!);
        i += 2;
      }
    } else {
      bytes.push(...Buffer.from(line[i]!, 'latin1'));
      i += 1;
    }
  }
  const raw = Buffer.from(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    text = `<not UTF-8: ${raw.toString('hex')}>`;
  }
  return { text, end: i + 1 };
}

const TAR_KINDS: Record<string, MemberKind> = { '-': 'file', C: 'file', d: 'dir', l: 'symlink', h: 'hardlink', c: 'special', b: 'special', p: 'special' };

/** What GNU tar says the archive holds: `tar --list --verbose`, names C-quoted. */
function tarView(path: string): TarMember[] {
  const run = spawnSync('tar', ['--list', '--verbose', '--numeric-owner', '--quoting-style=c', '-f', path], { env: { ...process.env, LC_ALL: 'C' }, encoding: 'latin1' });
  const members: TarMember[] = [];
  for (const line of run.stdout.split('\n')) {
    const head = /^(.)\S{9} \S+ +\S+ \S+ \S+ /.exec(line);
    if (!head) continue;
    const name = cQuoted(line, head[0].length);
    const kind = TAR_KINDS[head[1]!] ?? (`tar type ${head[1]}` as MemberKind);
    const rest = line.slice(name.end);
    const link = rest.startsWith(' -> ') ? cQuoted(rest, 4).text : rest.startsWith(' link to ') ? cQuoted(rest, 9).text : '';
    members.push({ name: name.text, kind, linkname: link });
  }
  return members;
}

interface OnDisk {
  path: string;
  kind: 'file' | 'dir' | 'symlink';
  target: string;
}

/** The tree the guard's members describe, as it would be on disk under the top directory. */
function expectedTree(members: TarMember[]): OnDisk[] {
  const byPath = new Map<string, OnDisk>();
  for (const m of members) {
    const segments = m.name
      .split('/')
      .filter((s) => s !== '' && s !== '.')
      .slice(1);
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      if (!byPath.has(parent)) byPath.set(parent, { path: parent, kind: 'dir', target: '' });
    }
    if (segments.length === 0) continue;
    const path = segments.join('/');
    const kind = m.kind === 'symlink' ? 'symlink' : m.kind === 'dir' ? 'dir' : 'file';
    byPath.set(path, { path, kind, target: kind === 'symlink' ? m.linkname : '' });
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function treeOnDisk(root: string): OnDisk[] {
  const found: OnDisk[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      const path = relative(root, full).split(sep).join('/');
      if (path === SOURCE_STAMP_FILE) continue; // pydebug's own, written after tar
      const st = lstatSync(full);
      if (st.isSymbolicLink()) {
        found.push({ path, kind: 'symlink', target: readlinkSync(full) });
        expect(realpathSync(full).startsWith(realpathSync(root) + sep), `${path} resolves outside the tree`).toBe(true);
      } else if (st.isDirectory()) {
        found.push({ path, kind: 'dir', target: '' });
        walk(full);
      } else {
        found.push({ path, kind: 'file', target: '' });
      }
    }
  };
  walk(root);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

describe('the tar guard sees every member as GNU tar does, or refuses the tarball', () => {
  it(`runs against ${execFileSync('tar', ['--version'], { encoding: 'utf8' }).split('\n')[0]}`, () => {
    expect(execFileSync('tar', ['--version'], { encoding: 'utf8' })).toMatch(/GNU tar/);
  });

  it.each(CASES.map((c, i) => [`${c.kind}: ${c.what}`, c, i] as const))('%s', async (_title, c, i) => {
    const bytes = c.build();
    const tarballPath = join(dir, 'tarballs', `case-${i}.tar`);
    writeFileSync(tarballPath, bytes);
    const guard = await guardView(bytes);
    const tar = tarView(tarballPath);
    const dest = join(dir, 'trees', `case-${i}`);
    if (guard.refusal === undefined) {
      expect(guard.members).toEqual(tar);
      await extractSourceTree(tarballPath, dirname(dest), dest, { sha256: 'a'.repeat(64) });
      expect(treeOnDisk(dest)).toEqual(expectedTree(guard.members));
    } else {
      expect(guard.members).toEqual(tar.slice(0, guard.members.length));
      const err = await extractSourceTree(tarballPath, dirname(dest), dest, { sha256: 'a'.repeat(64) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsafeTarballError);
      expect(existsSync(dest)).toBe(false);
    }
    expect(readdirSync(OUTSIDE)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['outside', 'tarballs', 'trees']);
    expect(guard.refusal === undefined ? 'accepted' : `refused: ${guard.refusal}`).toMatch(new RegExp(`^${c.verdict}`));
  });
});

const CACHE = join(homedir(), '.cache', 'pydebug-test-tarballs');
const REAL = [join(CACHE, '3.11.2', 'Python-3.11.2.tgz'), join(CACHE, '3.13.5', 'Python-3.13.5.tar.xz')];

describe('a real CPython tarball', () => {
  it.skipIf(!REAL.some(existsSync))(
    'is seen by the guard exactly as GNU tar sees it',
    async () => {
      for (const path of REAL.filter(existsSync)) {
        const plain = join(dir, 'real.tar');
        writeFileSync(plain, execFileSync(path.endsWith('.xz') ? 'xz' : 'gzip', ['-dc', path], { maxBuffer: 1 << 30 }));
        const guard = await guardView(readFileSync(plain));
        expect(guard.refusal).toBeUndefined();
        expect(guard.members.length).toBeGreaterThan(4000);
        expect(guard.members).toEqual(tarView(plain));
        rmSync(plain);
      }
    },
    60_000,
  );
});
