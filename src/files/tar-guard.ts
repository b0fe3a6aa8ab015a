/**
 * A gate between the decompressed tarball and `tar -x`: it parses every header as the bytes
 * stream through and forwards a member to tar only after checking it, so a tarball that tries to
 * write outside its directory is refused before tar sees the offending member. Refused: absolute
 * paths, `..` segments, members outside the single top-level directory, symlinks that are
 * absolute or climb with `..`, members written through a symlink, hardlinks to anything but an
 * earlier file of the archive, device files and fifos. Bounded memory: file data passes through.
 *
 * The check is only as good as the agreement between this parser and GNU tar on what each
 * member is. So names, types and sizes are decided the way GNU tar 1.34 decides them (a pax `x`
 * header's `path`/`linkpath`/`size` over GNU `L`/`K` long names over the ustar `prefix` + name;
 * the prefix only under POSIX `ustar\0` magic), and whatever GNU tar would read differently from
 * a plain reading is refused instead of guessed: two name headers for one member, more than one
 * pax header per member (tar keeps only the last), pax global headers that rename or resize
 * every member that follows, GNU sparse/dumpdir/volume records, malformed pax records, numeric
 * fields tar would reject (it then scans forward for something that looks like a header), data
 * attached to a directory or link (tar -x reads it as headers), entry types a source tarball
 * never has, and names that are not clean UTF-8 text.
 */
import { posix } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { PydebugError } from '../errors.js';

export class UnsafeTarballError extends PydebugError {}

export type MemberKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'special';

export interface TarMember {
  name: string;
  kind: MemberKind;
  /** The link target of a symlink or hardlink; empty for other kinds. */
  linkname: string;
}

export const BLOCK = 512;
/** Pax and long-name headers of a real tarball are a few hundred bytes. */
export const MAX_META_SIZE = 1024 * 1024;
/** Far above any file of a source tarball, and exact in a double. */
const MAX_MEMBER_SIZE = 2 ** 40;

/** Why the archive must not be extracted; turned into UnsafeTarballError with the tarball's name. */
export class ArchiveProblem extends Error {}

function problem(text: string): never {
  throw new ArchiveProblem(text);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A NUL-terminated field, cut where C code (GNU tar) would cut it. */
export function cField(buf: Buffer, start: number, length: number): Buffer {
  const field = buf.subarray(start, start + length);
  const nul = field.indexOf(0);
  return nul === -1 ? field : field.subarray(0, nul);
}

/** A name or link target as text: valid UTF-8 without control characters (NUL, newline, ...). */
export function pathText(bytes: Buffer, what: string): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    problem(`${what} ${JSON.stringify(bytes.toString('latin1'))} is not valid UTF-8`);
  }
  if (/[\u0000-\u001f\u007f]/.test(text)) problem(`${what} ${JSON.stringify(text)} contains a control character`);
  return text;
}

/**
 * A numeric header field. Octal as ustar writes it, or GNU base-256 (first byte exactly 0x80).
 * Anything else is refused: GNU tar rejects such a header and scans forward for the next block
 * that looks like one, which may lie inside what this parser took for file data.
 */
export function numericField(h: Buffer, start: number, length: number, what: string): number {
  if (h[start] === 0x80) {
    let n = 0n;
    for (let i = start + 1; i < start + length; i++) n = n * 256n + BigInt(h[i]!);
    if (n > BigInt(MAX_MEMBER_SIZE)) problem(`a header's ${what} is implausibly large (${n})`);
    return Number(n);
  }
  const text = h.toString('latin1', start, start + length);
  if (!/^ *[0-7]+[ \0]*$|^\0*$/.test(text)) problem(`a header's ${what} field is not a number (${JSON.stringify(text)})`);
  const n = parseInt(text.trim() || '0', 8);
  if (n > MAX_MEMBER_SIZE) problem(`a header's ${what} is implausibly large (${n})`);
  return n;
}

/** GNU tar also accepts a signed sum; no tar of a plain-ASCII tree writes one, so it is refused. */
export function headerChecksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === numericField(h, 148, 8, 'checksum');
}

export type HeaderKind = MemberKind | 'pax' | 'pax-global' | 'long-name' | 'long-link';

/** The entry types a source tarball may contain; GNU tar's others (sparse, dumpdir, volume, unknown) are refused. */
export function headerKind(typeflag: string): HeaderKind | undefined {
  switch (typeflag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '5':
      return 'dir';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    case '3':
    case '4':
    case '6':
      return 'special';
    case 'x':
      return 'pax';
    case 'g':
      return 'pax-global';
    case 'L':
      return 'long-name';
    case 'K':
      return 'long-link';
    default:
      return undefined;
  }
}

/** The records of a pax extended header, parsed strictly: each `<bytes> <key>=<value>\n`, each key once. */
export function paxRecords(data: Buffer): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const lengthText = space === -1 ? '' : data.toString('latin1', at, space);
    if (!/^[1-9][0-9]{0,6}$/.test(lengthText)) problem('a pax extended header is malformed (a record has no length)');
    const end = at + Number(lengthText);
    if (end > data.length || end <= space + 1 || data[end - 1] !== 0x0a) {
      problem('a pax extended header is malformed (a record length does not match the record)');
    }
    const record = data.subarray(space + 1, end - 1);
    const eq = record.indexOf(0x3d);
    if (eq <= 0) problem('a pax extended header is malformed (a record is not key=value)');
    const key = pathText(record.subarray(0, eq), 'a pax keyword');
    if (records.has(key)) problem(`a pax extended header sets ${key} twice`);
    records.set(key, Buffer.from(record.subarray(eq + 1)));
    at = end;
  }
  return records;
}

/** GNU tar turns a member into a sparse file, a dumpdir or a volume label on these keywords. */
function isGnuSpecialKey(key: string): boolean {
  return key.startsWith('GNU.');
}

function checkPaxHeader(records: Map<string, Buffer>): void {
  for (const key of records.keys()) {
    if (isGnuSpecialKey(key)) problem(`a pax extended header carries ${key}, which a source tarball never uses`);
  }
}

/** GNU tar applies a global header's keywords to every member that follows, names and sizes included. */
function checkPaxGlobalHeader(records: Map<string, Buffer>): void {
  for (const key of records.keys()) {
    if (key === 'path' || key === 'linkpath' || key === 'size' || isGnuSpecialKey(key)) {
      problem(`a pax global header sets ${key} for every member that follows`);
    }
  }
}

export function paxSize(records: Map<string, Buffer> | undefined): number | undefined {
  const value = records?.get('size');
  if (value === undefined) return undefined;
  const text = value.toString('latin1');
  if (!/^[0-9]{1,13}$/.test(text) || Number(text) > MAX_MEMBER_SIZE) problem(`a pax size record is not a plausible size (${JSON.stringify(text)})`);
  return Number(text);
}

/** The extended headers read since the last member, which apply to the next one. */
interface PendingHeaders {
  pax?: Map<string, Buffer>;
  longName?: Buffer;
  longLink?: Buffer;
}

export function headerName(h: Buffer): Buffer {
  const name = cField(h, 0, 100);
  // GNU tar reads the prefix only under POSIX magic; old GNU headers use that space for other fields.
  const posixMagic = h.toString('latin1', 257, 263) === 'ustar\0';
  const prefix = posixMagic ? cField(h, 345, 155) : Buffer.alloc(0);
  return prefix.length ? Buffer.concat([prefix, Buffer.from('/'), name]) : name;
}

function decideName(h: Buffer, pending: PendingHeaders): string {
  const paxPath = pending.pax?.get('path');
  if (paxPath !== undefined && pending.longName !== undefined) {
    problem(`a member is named twice, by a pax path (${JSON.stringify(paxPath.toString())}) and a GNU long name (${JSON.stringify(pending.longName.toString())})`);
  }
  return pathText(paxPath ?? pending.longName ?? headerName(h), 'the name');
}

function decideLinkname(h: Buffer, pending: PendingHeaders, name: string): string {
  const paxLink = pending.pax?.get('linkpath');
  if (paxLink !== undefined && pending.longLink !== undefined) {
    problem(`${name} has two link targets, a pax linkpath (${JSON.stringify(paxLink.toString())}) and a GNU long link (${JSON.stringify(pending.longLink.toString())})`);
  }
  return pathText(paxLink ?? pending.longLink ?? cField(h, 157, 100), `the link target of ${name}`);
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

/** Why a member must not be extracted, or undefined. Pure. */
function memberProblem(m: TarMember, state: { top?: string | undefined; symlinks: Set<string>; files: Set<string> }): string | undefined {
  const raw = m.name;
  if (raw.includes('\0')) return `${JSON.stringify(raw)} contains a NUL byte`;
  if (raw.startsWith('/')) return `${raw} is an absolute path`;
  const segments = segmentsOf(raw);
  if (segments.length === 0) return `an entry has an empty name`;
  if (segments.includes('..')) return `${raw} climbs out with ".."`;
  if (state.top !== undefined && segments[0] !== state.top) return `${raw} is outside the top-level directory ${state.top}/`;
  if (segments.length === 1 && m.kind !== 'dir') return `${raw} is a ${m.kind}, not the top-level directory`;
  for (let i = 1; i < segments.length; i++) {
    const parent = segments.slice(0, i).join('/');
    if (state.symlinks.has(parent)) return `${raw} would be written through the symlink ${parent}`;
  }
  if (m.kind === 'special') return `${raw} is a device file or fifo`;
  if (m.kind === 'file' && raw.endsWith('/')) return `${raw} is a regular file whose name ends in "/" (GNU tar makes it a directory)`;
  if ((m.kind === 'symlink' || m.kind === 'hardlink') && m.linkname === '') return `${m.kind} ${raw} has an empty target`;
  if (m.kind === 'symlink') {
    if (m.linkname.startsWith('/')) return `symlink ${raw} points to the absolute path ${m.linkname}`;
    if (m.linkname.split('/').includes('..')) return `symlink ${raw} points outside its directory (${m.linkname})`;
  }
  if (m.kind === 'hardlink') {
    if (m.linkname.startsWith('/') || m.linkname.split('/').includes('..')) return `hardlink ${raw} points outside the archive (${m.linkname})`;
    if (!state.files.has(segmentsOf(posix.normalize(m.linkname)).join('/'))) {
      return `hardlink ${raw} points to ${m.linkname}, which is not an earlier file of the archive`;
    }
  }
  return undefined;
}

/** What the next bytes of a tar stream are: a header block, a member's data, an extended header's data. */
export type TarMode = { kind: 'header' } | { kind: 'data'; left: number } | { kind: 'meta'; header: HeaderKind; size: number; pad: number };

/**
 * A tar stream read block by block as it arrives: a subclass decides each header block (what it
 * pushes for it, and what follows) and each extended header's data; member data streams through
 * as it comes, and after the end-of-archive marker everything passes through unread (GNU tar stops
 * at the first zero block: a lone one only draws a warning). An ArchiveProblem thrown while reading
 * fails the stream with the subclass's error.
 */
export abstract class TarBlockStream extends Transform {
  private mode: TarMode = { kind: 'header' };
  private pending: Buffer = Buffer.alloc(0);
  /** The end-of-archive marker has been seen. */
  ended = false;

  /** One header block: pushes what comes out for it and says what follows it. */
  protected abstract header(h: Buffer): TarMode;
  /** One extended header: its data, and its bytes as read (with padding); pushes what comes out for it. */
  protected abstract extended(kind: HeaderKind, data: Buffer, raw: Buffer): void;
  /** The error the stream fails with for a problem found in it. */
  protected abstract failure(problemText: string): Error;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      this.drain();
      cb();
    } catch (e) {
      cb(e instanceof ArchiveProblem ? this.failure(e.message) : (e as Error));
    }
  }

  private drain(): void {
    for (;;) {
      const mode = this.mode;
      if (this.ended) {
        if (this.pending.length) this.push(this.pending);
        this.pending = Buffer.alloc(0);
        return;
      }
      if (mode.kind === 'data') {
        if (this.pending.length === 0) return;
        const take = Math.min(mode.left, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.mode = take === mode.left ? { kind: 'header' } : { kind: 'data', left: mode.left - take };
        continue;
      }
      if (mode.kind === 'meta') {
        // Extended headers are small: read whole, then applied to the next member.
        const want = mode.size + mode.pad;
        if (this.pending.length < want) return;
        const raw = this.pending.subarray(0, want);
        this.pending = this.pending.subarray(want);
        this.mode = { kind: 'header' };
        this.extended(mode.header, raw.subarray(0, mode.size), raw);
        continue;
      }
      if (this.pending.length < BLOCK) return;
      const h = this.pending.subarray(0, BLOCK);
      if (h.every((b) => b === 0)) {
        // Left in pending: the end branch passes it through with the rest.
        this.ended = true;
        continue;
      }
      this.mode = this.header(h);
      this.pending = this.pending.subarray(BLOCK);
    }
  }
}

export class TarGuard extends TarBlockStream {
  top: string | undefined;
  members = 0;
  private headers: PendingHeaders = {};
  private readonly symlinks = new Set<string>();
  private readonly files = new Set<string>();

  /** `onMember` sees each member as the guard decided it, before tar does (for tests and tracing). */
  constructor(
    private readonly label: string,
    private readonly onMember?: (member: TarMember) => void,
  ) {
    super();
  }

  override _flush(cb: TransformCallback): void {
    if (!this.ended && this.members === 0) cb(new UnsafeTarballError(`${this.label} is not a tar archive`));
    else cb();
  }

  protected override failure(problemText: string): UnsafeTarballError {
    return new UnsafeTarballError(`refusing to extract ${this.label}: ${problemText}. Nothing was extracted.`, {
      hint: 'a CPython source tarball never contains such an entry: check where the file came from (mirror, url)',
    });
  }

  /** Checks one header block, passes it on, and returns what follows it. */
  protected override header(h: Buffer): TarMode {
    const next = this.readHeader(h);
    this.push(h);
    return next;
  }

  protected override extended(kind: HeaderKind, data: Buffer, raw: Buffer): void {
    this.push(raw);
    this.readExtendedHeader(kind, data);
  }

  /** Checks one header block and returns what follows it. */
  private readHeader(h: Buffer): TarMode {
    if (!headerChecksumOk(h)) problem('a header is corrupt (bad checksum)');
    const typeflag = String.fromCharCode(h[156]!);
    const kind = headerKind(typeflag);
    if (kind === undefined) {
      problem(`${JSON.stringify(headerName(h).toString('latin1'))} has the entry type ${JSON.stringify(typeflag)}, which a source tarball never uses`);
    }
    const headerSize = numericField(h, 124, 12, 'size');
    if (kind === 'pax' || kind === 'pax-global' || kind === 'long-name' || kind === 'long-link') {
      if (headerSize > MAX_META_SIZE) problem('an extended header is implausibly large');
      return { kind: 'meta', header: kind, size: headerSize, pad: padding(headerSize) };
    }
    const member = this.decideMember(h, kind);
    const size = paxSize(this.headers.pax) ?? headerSize;
    this.headers = {};
    if (member.kind !== 'file' && size !== 0) {
      problem(`${member.name} is a ${member.kind} with ${size} bytes of data (GNU tar would read them as headers)`);
    }
    this.admit(member);
    return size > 0 ? { kind: 'data', left: size + padding(size) } : { kind: 'header' };
  }

  private decideMember(h: Buffer, kind: MemberKind): TarMember {
    const name = decideName(h, this.headers);
    const isLink = kind === 'symlink' || kind === 'hardlink';
    return { name, kind, linkname: isLink ? decideLinkname(h, this.headers, name) : '' };
  }

  private admit(member: TarMember): void {
    const why = memberProblem(member, { top: this.top, symlinks: this.symlinks, files: this.files });
    if (why) problem(why);
    const segments = segmentsOf(member.name);
    this.top ??= segments[0];
    const clean = segments.join('/');
    // A hardlink may only name a path that is a regular file when tar makes the link (a hardlink to one is one).
    if (member.kind === 'file' || member.kind === 'hardlink') this.files.add(clean);
    else this.files.delete(clean);
    if (member.kind === 'symlink') this.symlinks.add(clean);
    this.members += 1;
    this.onMember?.(member);
  }

  private readExtendedHeader(kind: HeaderKind, data: Buffer): void {
    const pending = this.headers;
    if (kind === 'pax') {
      if (pending.pax) problem('two pax extended headers precede one member (GNU tar would use only the last)');
      pending.pax = paxRecords(data);
      checkPaxHeader(pending.pax);
    } else if (kind === 'pax-global') {
      checkPaxGlobalHeader(paxRecords(data));
    } else if (kind === 'long-name') {
      if (pending.longName) problem('two GNU long names precede one member');
      pending.longName = Buffer.from(cField(data, 0, data.length));
    } else if (kind === 'long-link') {
      if (pending.longLink) problem('two GNU long link targets precede one member');
      pending.longLink = Buffer.from(cField(data, 0, data.length));
    }
  }
}

export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
