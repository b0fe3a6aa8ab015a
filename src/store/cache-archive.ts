/**
 * Extracting an Actions cache archive into a staging directory of one entry, never with `tar -P`.
 *
 * @actions/cache writes its archive with `tar --posix -P -C $GITHUB_WORKSPACE`, so member names are
 * the entry's path relative to the workspace (`../../_tool/pydebug/entries/<key>/bin/python3`), and
 * its own restore extracts with `-P`: an archive member named `/etc/x` or `../x` would land there.
 * Here the archive's names are first mapped, exactly: every member must lie under the entry's
 * prefix as @actions/cache names it, and is renamed to `<key>/...` (CacheArchiveRenamer). The
 * renamed stream then passes the same guard as source tarballs (TarGuard: no absolute names, no
 * `..`, one top-level directory, no symlink that leaves it or is written through) into a plain
 * `tar -x -C <staging>`. Anything else in the archive refuses the whole archive.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { PydebugError } from '../errors.js';
import {
  ArchiveProblem,
  BLOCK,
  cField,
  type HeaderKind,
  headerChecksumOk,
  headerKind,
  headerName,
  MAX_META_SIZE,
  numericField,
  padding,
  pathText,
  paxRecords,
  paxSize,
  TarBlockStream,
  TarGuard,
  type TarMode,
  UnsafeTarballError,
} from '../files/tar-guard.js';

/** Why an archive is refused, in words that fit "the cache entry K is not usable (...)". */
export class UnusableArchiveError extends PydebugError {}

function refuse(text: string): never {
  throw new ArchiveProblem(text);
}

/** One pax record, `<length> <key>=<value>\n`, where the length counts itself. */
function paxRecord(key: string, value: Buffer): Buffer {
  const rest = Buffer.byteLength(key) + value.length + 3;
  let length = rest + String(rest).length;
  if (String(length).length > String(rest).length) length += 1;
  return Buffer.concat([Buffer.from(`${length} ${key}=`), value, Buffer.from('\n')]);
}

function writeChecksum(h: Buffer): void {
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i]!;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
}

/** A pax extended header (type `x`) carrying `data`, padded to whole blocks. */
function paxHeader(data: Buffer): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write('PaxHeaders/member', 0, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write('x', 156, 'latin1');
  h.write('ustar\0' + '00', 257, 'latin1');
  writeChecksum(h);
  return Buffer.concat([h, data, Buffer.alloc(padding(data.length))]);
}

/**
 * Renames the members of an @actions/cache archive from `<from>/...` to `<to>/...` as the bytes
 * stream through, refusing any member that is not under `from` (absolute, climbing with `..`, or
 * elsewhere relative to the workspace) and anything @actions/cache's `tar --posix` never writes
 * (GNU long names, global headers, other entry types, non-POSIX headers). Each member comes out
 * with one pax header naming it (and its link), the original's other pax records kept, so the
 * guard and tar that follow read the new names and nothing else.
 */
export class CacheArchiveRenamer extends TarBlockStream {
  private pax: Map<string, Buffer> | undefined;
  private readonly from: string[];

  constructor(
    from: string,
    private readonly to: string,
  ) {
    super();
    this.from = from.split('/');
  }

  override _flush(cb: TransformCallback): void {
    if (!this.ended) cb(new UnusableArchiveError('the archive ends in the middle (no end-of-archive marker)'));
    else cb();
  }

  protected override failure(problemText: string): UnusableArchiveError {
    return new UnusableArchiveError(problemText);
  }

  /** A pax header is folded into the member's new one (header() below); only pax headers get here. */
  protected override extended(_kind: HeaderKind, data: Buffer): void {
    if (this.pax) refuse('two pax extended headers precede one member');
    this.pax = paxRecords(data);
  }

  /** Pushes the member's new pax header and its header block, named `<to>/...`; returns what follows. */
  protected override header(h: Buffer): TarMode {
    if (!headerChecksumOk(h)) refuse('a header is corrupt (bad checksum)');
    const typeflag = String.fromCharCode(h[156]!);
    const kind = headerKind(typeflag);
    const size = numericField(h, 124, 12, 'size');
    if (kind === 'pax') {
      if (size > MAX_META_SIZE) refuse('an extended header is implausibly large');
      return { kind: 'meta', header: 'pax', size, pad: padding(size) };
    }
    if (kind !== 'file' && kind !== 'dir' && kind !== 'symlink' && kind !== 'hardlink') {
      refuse(`it holds a member of entry type ${JSON.stringify(typeflag)}, which @actions/cache does not write`);
    }
    if (typeflag === '7') refuse('it holds a contiguous file (type "7"), which @actions/cache does not write');
    if (h.toString('latin1', 257, 263) !== 'ustar\0') refuse('it holds a header that is not POSIX ustar, which @actions/cache does not write');
    const pax = this.pax;
    this.pax = undefined;
    const name = pathText(pax?.get('path') ?? headerName(h), 'a member name');
    const linkname = kind === 'symlink' || kind === 'hardlink' ? pathText(pax?.get('linkpath') ?? cField(h, 157, 100), `the link target of ${name}`) : '';
    const records = [paxRecord('path', Buffer.from(this.mapped(name, kind === 'dir')))];
    // A hardlink names another member of the archive, so its target is renamed too; a symlink's is relative to where it lies.
    if (kind === 'hardlink') records.push(paxRecord('linkpath', Buffer.from(this.mapped(linkname, false, `hardlink ${name} points to`))));
    if (kind === 'symlink') records.push(paxRecord('linkpath', Buffer.from(linkname)));
    for (const [key, value] of pax ?? []) if (key !== 'path' && key !== 'linkpath') records.push(paxRecord(key, value));
    const member = Buffer.from(h);
    member.fill(0, 0, 100);
    member.fill(0, 157, 257);
    member.fill(0, 345, 500);
    member.write(this.to.slice(0, 100), 0, 'utf8');
    writeChecksum(member);
    this.push(paxHeader(Buffer.concat(records)));
    this.push(member);
    const dataSize = paxSize(pax) ?? size;
    return dataSize > 0 ? { kind: 'data', left: dataSize + padding(dataSize) } : { kind: 'header' };
  }

  /** `<to>/<rest>` for a name `<from>/<rest>`; anything else refuses the archive. */
  private mapped(name: string, isDir: boolean, what = 'it holds'): string {
    if (name.startsWith('/')) refuse(`${what} ${name}, an absolute path`);
    const segments = name.split('/');
    if (segments.at(-1) === '' && segments.length > 1) segments.pop();
    const under = this.from.every((s, i) => segments[i] === s) && segments.length >= this.from.length;
    if (!under) refuse(`${what} ${name}, outside the entry (${this.from.join('/')}/)`);
    const rest = segments.slice(this.from.length);
    if (rest.includes('..')) refuse(`${what} ${name}, which climbs out with ".."`);
    if (rest.some((s) => s === '' || s === '.')) refuse(`${what} ${name}, which is not a plain path`);
    return [this.to, ...rest].join('/') + (isDir ? '/' : '');
  }
}

async function magic(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Extracts the archive @actions/cache made of `<from>` (its member prefix) into `into`, a new
 * directory, as `into/<top>`; returns that path. Refused archives (UnusableArchiveError) leave
 * nothing but what is inside `into`, which the caller removes.
 */
export async function extractCacheArchive(archive: string, into: string, from: string, top: string): Promise<string> {
  await mkdir(into);
  const children: ChildProcess[] = [];
  const killAll = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  };
  try {
    const m = await magic(archive);
    let input: Readable;
    let decompressor: ChildProcess | undefined;
    if (m.equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) {
      // @actions/cache compresses with zstd when it finds the program (and the version it saves under says so).
      decompressor = spawn('zstd', ['-d', '-c', '--long=30', archive], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(decompressor);
      decompressor.stderr!.resume();
      input = decompressor.stdout!;
    } else if (m[0] === 0x1f && m[1] === 0x8b) {
      input = createReadStream(archive).pipe(createGunzip());
    } else {
      throw new UnusableArchiveError('the archive is neither zstd nor gzip compressed');
    }
    // The exit code, or the error that kept zstd from starting (not installed).
    const decompressed: Promise<number | null | Error> = decompressor
      ? once(decompressor, 'close').then(
          ([code]) => code as number | null,
          (e: Error) => e,
        )
      : Promise.resolve(0);

    const tar = spawn('tar', ['-x', '-f', '-', '-C', into, '--no-same-owner', '--no-same-permissions'], { stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    children.push(tar);
    let tarErr = '';
    tar.stderr!.on('data', (d: Buffer) => (tarErr += d.toString()));
    const tarDone = once(tar, 'close') as Promise<[number | null]>;
    const renamer = new CacheArchiveRenamer(from, top);
    const guard = new TarGuard('the cache archive');
    let tarStoppedReading = false;
    try {
      await pipeline(input, renamer, guard, tar.stdin!);
    } catch (e) {
      // tar may stop reading after the end-of-archive marker: then its exit status decides.
      const code = (e as NodeJS.ErrnoException).code;
      tarStoppedReading = guard.ended && (code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE');
      if (!tarStoppedReading) {
        killAll();
        await tarDone.catch(() => undefined);
        const zstd = await decompressed;
        if (zstd instanceof Error) throw new UnusableArchiveError(`zstd, which decompresses it, cannot be run (${(zstd as NodeJS.ErrnoException).code ?? zstd.message})`);
        if (e instanceof UnsafeTarballError) throw new UnusableArchiveError(e.message.replace(/ Nothing was extracted\.$/, ''));
        if (e instanceof PydebugError) throw e;
        throw new UnusableArchiveError(`the archive cannot be read (${(e as Error).message})`);
      }
    }
    const zstd = await decompressed;
    if (zstd !== 0 && !tarStoppedReading) throw new UnusableArchiveError(`the archive cannot be decompressed (zstd ${zstd instanceof Error ? zstd.message : `exited with ${zstd}`})`);
    const [tarCode] = await tarDone;
    if (tarCode !== 0) throw new UnusableArchiveError(`tar could not extract it: ${tarErr.trim() || `tar exited with ${tarCode}`}`);
    const names = await readdir(into);
    const staged = join(into, top);
    if (names.length !== 1 || names[0] !== top || !(await lstat(staged)).isDirectory()) throw new UnusableArchiveError(`the archive does not hold the entry's directory ${from}/`);
    return staged;
  } finally {
    killAll();
  }
}
