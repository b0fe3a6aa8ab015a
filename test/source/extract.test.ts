/**
 * Extraction refuses tarballs that would write outside their directory, before anything is
 * written there. The hostile tarballs are real ones, made with Python's tarfile module.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotRegularFileError } from '../../src/files/read-text.js';
import { UnsafeTarballError } from '../../src/files/tar-guard.js';
import { extractSourceTree } from '../../src/source/extract.js';
import { isStampedSourceTree } from '../../src/source/source-stamp.js';
import { exists } from '../support/exists.js';
import { makeFifo, releaseFifos } from '../support/fifo.js';
import { gnuLong, member, pax, tarball } from '../support/tar-writer.js';
import { fileTempDir } from '../support/temp-dir.js';

const ORIGIN = { sha256: 'a'.repeat(64) };

let dir: string;
let outside: string;

/** Builds a tarball from [kind, name, target?] entries (kinds: file, dir, symlink, hardlink, chardev). */
function makeTarball(path: string, entries: Array<[string, string, string?]>, format: 'gnu' | 'pax' | 'ustar' = 'gnu', compression = 'gz'): void {
  const script = String.raw`
import io, json, sys, tarfile
path, fmt, mode, entries = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
formats = {"gnu": tarfile.GNU_FORMAT, "pax": tarfile.PAX_FORMAT, "ustar": tarfile.USTAR_FORMAT}
with tarfile.open(path, "w:" + mode, format=formats[fmt]) as t:
    for kind, name, *rest in entries:
        info = tarfile.TarInfo(name)
        data = b""
        if kind == "file":
            data = ("contents of %s\n" % name).encode()
            info.size = len(data)
        elif kind == "dir":
            info.type = tarfile.DIRTYPE
        elif kind == "symlink":
            info.type, info.linkname = tarfile.SYMTYPE, rest[0]
        elif kind == "hardlink":
            info.type, info.linkname = tarfile.LNKTYPE, rest[0]
        elif kind == "chardev":
            info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
        t.addfile(info, io.BytesIO(data) if data else None)
`;
  execFileSync('python3', ['-c', script, path, format, compression, JSON.stringify(entries)]);
}

const TOP = 'Python-9.9.9';
const tree = (...extra: Array<[string, string, string?]>): Array<[string, string, string?]> => [
  ['dir', TOP],
  ['file', `${TOP}/configure`],
  ['dir', `${TOP}/Misc`],
  ['file', `${TOP}/Misc/valgrind-python.supp`],
  ...extra,
];

beforeAll(async () => {
  dir = await fileTempDir('pydebug-extract-');
  outside = join(dir, 'outside');
  await mkdir(outside);
});

describe('extractSourceTree', () => {
  it.each([
    ['gz', 'gnu'],
    ['xz', 'pax'],
    ['bz2', 'ustar'],
  ] as const)('extracts a well-formed %s tarball (%s format) atomically', async (compression, format) => {
    const tarball = join(dir, `ok-${compression}.tar.${compression}`);
    // A path over 100 bytes: a ustar prefix, a PAX header or a GNU long name, by format.
    const deep = `${'deep/'.repeat(25)}file.txt`;
    makeTarball(tarball, tree(['file', `${TOP}/${deep}`], ['symlink', `${TOP}/Misc/link`, 'valgrind-python.supp']), format, compression);
    const dest = join(dir, `src-${compression}`);
    await extractSourceTree(tarball, dirname(dest), dest, ORIGIN);
    expect((await readdir(dest)).sort()).toEqual(['.pydebug-source', 'Misc', 'configure', 'deep']);
    expect(await isStampedSourceTree(dest, ORIGIN)).toBe(true);
    expect(await readFile(join(dest, deep), 'utf8')).toBe(`contents of ${TOP}/${deep}\n`);
    expect(await readFile(join(dest, 'Misc', 'link'), 'utf8')).toBe(`contents of ${TOP}/Misc/valgrind-python.supp\n`);
    expect((await readdir(dir)).filter((n) => n.includes('.extracting.'))).toEqual([]);
  });

  const HOSTILE: Array<[string, () => Array<[string, string, string?]>, RegExp, 'gnu' | 'pax' | 'ustar']> = [
    ['a ../ path', () => tree(['file', '../evil.txt']), /\.\.\/evil\.txt climbs out with "\.\."/, 'gnu'],
    ['a path that climbs out of the tree', () => tree(['file', `${TOP}/../../evil.txt`]), /climbs out/, 'gnu'],
    ['an absolute path', () => tree(['file', `${outside}/abs-evil.txt`]), /is an absolute path/, 'gnu'],
    ['a member outside the top-level directory', () => tree(['file', 'Other/evil.txt']), /outside the top-level directory Python-9\.9\.9\//, 'gnu'],
    ['a file written through a symlink to outside', () => tree(['symlink', `${TOP}/out`, outside], ['file', `${TOP}/out/through-link.txt`]), /points to the absolute path/, 'gnu'],
    ['a file written through an in-tree symlink', () => tree(['symlink', `${TOP}/in`, 'Misc'], ['file', `${TOP}/in/x.txt`]), /would be written through the symlink Python-9\.9\.9\/in/, 'gnu'],
    ['a symlink that climbs out', () => tree(['symlink', `${TOP}/up`, '../../..']), /points outside its directory/, 'gnu'],
    ['a hardlink to a file outside', () => tree(['hardlink', `${TOP}/passwd`, '/etc/passwd']), /hardlink .* points outside the archive/, 'gnu'],
    ['a device file', () => tree(['chardev', `${TOP}/null`]), /is a device file or fifo/, 'gnu'],
    ['a PAX header naming ../', () => tree(['file', `../${'pax-evil-'.repeat(12)}.txt`]), /climbs out/, 'pax'],
    ['a GNU long name naming ../', () => tree(['file', `${TOP}/../../${'gnu-evil-'.repeat(12)}.txt`]), /climbs out/, 'gnu'],
  ];

  it("refuses a FIFO in the tarball's place at once, instead of waiting for a writer", async () => {
    const fifo = makeFifo(join(dir, 'fifo.tar.gz'));
    const dest = join(dir, 'fifo-src');
    try {
      await expect(extractSourceTree(fifo, dirname(dest), dest, ORIGIN)).rejects.toThrow(NotRegularFileError);
      await expect(stat(dest)).rejects.toThrow();
    } finally {
      releaseFifos();
      await rm(fifo);
    }
  }, 5_000);

  it.each(HOSTILE)('refuses %s, before anything is written outside', async (_name, entries, message, format) => {
    const tarball = join(dir, 'hostile.tar.gz');
    makeTarball(tarball, entries(), format);
    const dest = join(dir, 'hostile-src');
    const err = await extractSourceTree(tarball, dirname(dest), dest, ORIGIN).catch((e) => e);
    expect(err).toBeInstanceOf(UnsafeTarballError);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/Nothing was extracted/);
    expect(await readdir(outside)).toEqual([]);
    await expect(stat(join(dir, 'evil.txt'))).rejects.toThrow();
    await expect(stat(dest)).rejects.toThrow();
    expect((await readdir(dir)).filter((n) => n.includes('.extracting.'))).toEqual([]);
    await rm(tarball);
  });

  it('refuses a symlink named and targeted by a pax header and by harmless GNU long names (issue 11, item 6)', async () => {
    // GNU tar takes the pax path and linkpath; a guard reading the last header saw the harmless ones.
    const hostile = join(dir, 'two-names.tar');
    await writeFile(
      hostile,
      tarball(
        member({ name: `${TOP}/`, type: '5' }),
        member({ name: `${TOP}/configure`, data: '#!/bin/sh\n' }),
        pax([
          ['path', `${TOP}/escape`],
          ['linkpath', outside],
        ]),
        gnuLong('L', `${TOP}/harmless`),
        gnuLong('K', 'configure'),
        member({ name: `${TOP}/h`, type: '2', linkname: 'configure' }),
      ),
    );
    const dest = join(dir, 'two-names-src');
    const err = await extractSourceTree(hostile, dirname(dest), dest, ORIGIN).catch((e) => e);
    expect(err).toBeInstanceOf(UnsafeTarballError);
    expect(err.message).toContain('a member is named twice, by a pax path ("Python-9.9.9/escape") and a GNU long name ("Python-9.9.9/harmless")');
    await expect(stat(dest)).rejects.toThrow();
    expect(await readdir(outside)).toEqual([]);
  });

  it('succeeds when tar stops reading at the end-of-archive marker, before megabytes of padding', async () => {
    // tar exits after the end marker; writing the rest then fails with EPIPE or "premature close".
    const tarball = join(dir, 'padded.tar.gz');
    const script = String.raw`
import gzip, io, sys, tarfile
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w") as t:
    data = b"#!/bin/sh\n"
    info = tarfile.TarInfo("Python-9.9.9/configure"); info.size = len(data); t.addfile(info, io.BytesIO(data))
with gzip.open(sys.argv[1], "wb") as f:
    f.write(buf.getvalue() + bytes(5000000))
`;
    execFileSync('python3', ['-c', script, tarball]);
    for (let i = 0; i < 5; i++) {
      const dest = join(dir, `padded-${i}`);
      await extractSourceTree(tarball, dirname(dest), dest, ORIGIN);
      expect((await readdir(dest)).sort()).toEqual(['.pydebug-source', 'configure']);
    }
  });

  it('refuses a destination outside the directory it belongs to (a version from a hand-edited lock), writing nothing', async () => {
    const sources = join(dir, 'contained', 'sources');
    await mkdir(sources, { recursive: true });
    const escaped = join(sources, '..', '..', 'escaped-tree');
    const good = join(dir, 'contained-ok.tar.gz');
    makeTarball(good, tree(['file', `${TOP}/x.txt`]), 'gnu', 'gz');
    await expect(extractSourceTree(good, sources, escaped, ORIGIN)).rejects.toThrow(/must be inside/);
    expect(await readdir(join(dir, 'contained'))).toEqual(['sources']);
    expect(await readdir(sources)).toEqual([]);
    expect(await exists(escaped)).toBe(false);
  });

  it('refuses a file that is not a tarball', async () => {
    const notTar = join(dir, 'not.tgz');
    execFileSync('sh', ['-c', `printf 'hello' | gzip > ${notTar}`]);
    await expect(extractSourceTree(notTar, dir, join(dir, 'x'), ORIGIN)).rejects.toThrow(/is not a tar archive/);
  });
});
