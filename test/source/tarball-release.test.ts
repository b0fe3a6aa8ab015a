/**
 * tarballRelease names the release a tarball holds by its top directory, so that a file its
 * signer signed for another release (or that is not a source tarball at all) is not pinned under
 * this release's name. The archives are byte-exact (tar-writer): what a signer's other files, or
 * a crafted archive, could put in front of the real top directory.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { tarballRelease } from '../../src/source/extract.js';
import { gnuLong, member, pax, tarball } from '../support/tar-writer.js';
import { fileTempDir } from '../support/temp-dir.js';

let dir: string;
beforeAll(async () => {
  dir = await fileTempDir('pydebug-release-');
});

const dirEntry = (name: string) => member({ name, type: '5' });
const file = (name: string, data = 'x\n') => member({ name, data });

async function releaseOf(name: string, tar: Buffer, compress = true): Promise<string | undefined> {
  const path = join(dir, name);
  await writeFile(path, compress ? gzipSync(tar) : tar);
  return tarballRelease(path);
}

describe('tarballRelease', () => {
  it('names the release of a CPython layout (directory first, or a file first, pax or GNU long names)', async () => {
    expect(await releaseOf('plain.tgz', tarball(dirEntry('Python-3.14.2/'), file('Python-3.14.2/configure')))).toBe('3.14.2');
    expect(await releaseOf('file-first.tgz', tarball(file('Python-3.15.0a2/configure')))).toBe('3.15.0a2');
    expect(await releaseOf('uncompressed.tar', tarball(dirEntry('Python-3.14.2/'), file('Python-3.14.2/configure')), false)).toBe('3.14.2');
    const long = `Python-3.14.2/${'d/'.repeat(60)}f`;
    expect(await releaseOf('pax-first.tgz', tarball(pax([['path', long]]), file('ignored-name'), file('Python-3.14.2/configure')))).toBe('3.14.2');
    expect(await releaseOf('gnu-long-first.tgz', tarball(gnuLong('L', long), file('ignored-name')))).toBe('3.14.2');
  });

  it('goes by the top directory of the first member, not by the first "Python-x.y.z/" in the bytes', async () => {
    // A pax comment in front of a 3.14.0 tree names 3.14.2: the tree is still 3.14.0.
    expect(await releaseOf('comment.tgz', tarball(pax([['comment', 'built from Python-3.14.2/']]), dirEntry('Python-3.14.0/'), file('Python-3.14.0/configure')))).toBe('3.14.0');
    // Python-3.14.2/ below another top directory is not a CPython source tarball.
    expect(await releaseOf('nested.tgz', tarball(dirEntry('docs/'), dirEntry('docs/Python-3.14.2/'), file('docs/Python-3.14.2/configure')))).toBeUndefined();
    expect(await releaseOf('suffix.tgz', tarball(dirEntry('not-Python-3.14.2/'), file('not-Python-3.14.2/configure')))).toBeUndefined();
    // The ustar name is "Python-3.14.2/": the pax path, which tar uses, says otherwise.
    expect(await releaseOf('pax-override.tgz', tarball(pax([['path', 'Python-3.14.0/configure']]), file('Python-3.14.2/configure')))).toBe('3.14.0');
  });

  it('names no release for a tarball extraction would refuse, or for a file that is no tarball', async () => {
    expect(await releaseOf('climb.tgz', tarball(file('Python-3.14.2/../Python-3.14.0/configure')))).toBeUndefined();
    expect(await releaseOf('absolute.tgz', tarball(file('/Python-3.14.2/configure')))).toBeUndefined();
    expect(await releaseOf('text.tgz', Buffer.from('Python-3.14.2/ '.repeat(100)))).toBeUndefined();
    expect(await releaseOf('raw.txt', Buffer.from('Python-3.14.2/\n'), false)).toBeUndefined();
  });
});
