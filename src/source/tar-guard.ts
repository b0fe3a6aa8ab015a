/**
 * A gate between the decompressed tarball and `tar -x`: it parses every header as the bytes
 * stream through and forwards a member to tar only after checking it, so a tarball that tries to
 * write outside its directory is refused before tar sees the offending member. Refused: absolute
 * paths, `..` segments, members outside the single top-level directory, symlinks that are
 * absolute or climb with `..`, members written through a symlink, hardlinks to anything but an
 * earlier file of the archive, device files and fifos. Bounded memory: file data passes through.
 */
import { posix } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { PydebugError } from '../errors.js';

export class UnsafeTarballError extends PydebugError {}

export type MemberKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'special';

export interface TarMember {
  name: string;
  kind: MemberKind;
  linkname: string;
}

const BLOCK = 512;

function cstring(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function octal(buf: Buffer, start: number, length: number): number {
  if (buf[start]! & 0x80) {
    // GNU base-256 for large values.
    let n = 0;
    for (let i = start + 1; i < start + length; i++) n = n * 256 + buf[i]!;
    return n;
  }
  const text = cstring(buf, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function headerChecksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === octal(h, 148, 8);
}

function kindOf(typeflag: string): MemberKind | 'meta' {
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
    case 'x':
    case 'g':
    case 'L':
    case 'K':
      return 'meta';
    default:
      return 'special';
  }
}

function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const space = text.indexOf(' ', i);
    if (space === -1) break;
    const len = Number(text.slice(i, space));
    if (!Number.isFinite(len) || len <= 0) break;
    const record = text.slice(space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq !== -1) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Why a member must not be extracted, or undefined. Pure. */
export function memberProblem(m: TarMember, state: { top?: string | undefined; symlinks: Set<string>; files: Set<string> }): string | undefined {
  const raw = m.name;
  if (raw.includes('\0')) return `${JSON.stringify(raw)} contains a NUL byte`;
  if (raw.startsWith('/')) return `${raw} is an absolute path`;
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) return `an entry has an empty name`;
  if (segments.includes('..')) return `${raw} climbs out with ".."`;
  if (state.top !== undefined && segments[0] !== state.top) return `${raw} is outside the top-level directory ${state.top}/`;
  for (let i = 1; i < segments.length; i++) {
    const parent = segments.slice(0, i).join('/');
    if (state.symlinks.has(parent)) return `${raw} would be written through the symlink ${parent}`;
  }
  if (m.kind === 'special') return `${raw} is a device file or fifo`;
  if (m.kind === 'symlink') {
    if (m.linkname.startsWith('/')) return `symlink ${raw} points to the absolute path ${m.linkname}`;
    if (m.linkname.split('/').includes('..')) return `symlink ${raw} points outside its directory (${m.linkname})`;
  }
  if (m.kind === 'hardlink') {
    const target = posix.normalize(m.linkname);
    if (target.startsWith('/') || target.split('/').includes('..')) return `hardlink ${raw} points outside the archive (${m.linkname})`;
    if (!state.files.has(target.replace(/\/$/, ''))) return `hardlink ${raw} points to ${m.linkname}, which is not an earlier file of the archive`;
  }
  return undefined;
}

type Mode = { kind: 'header' } | { kind: 'data'; left: number } | { kind: 'meta'; typeflag: string; size: number; pad: number };

export class TarGuard extends Transform {
  top: string | undefined;
  members = 0;
  private mode: Mode = { kind: 'header' };
  private pending: Buffer = Buffer.alloc(0);
  private nextName: string | undefined;
  private nextLink: string | undefined;
  private readonly symlinks = new Set<string>();
  private readonly files = new Set<string>();
  /** The end-of-archive marker has been seen. */
  ended = false;

  /** `onMember` sees each member as the guard decided it, before tar does (for tests and tracing). */
  constructor(
    private readonly label: string,
    private readonly onMember?: (member: TarMember) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      this.drain();
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    if (!this.ended && this.members === 0) cb(new UnsafeTarballError(`${this.label} is not a tar archive`));
    else cb();
  }

  private refuse(problem: string): never {
    throw new UnsafeTarballError(`refusing to extract ${this.label}: ${problem}. Nothing was extracted.`, {
      hint: 'a CPython source tarball never contains such an entry: check where the file came from (mirror, url)',
    });
  }

  private drain(): void {
    for (;;) {
      const mode = this.mode;
      if (this.ended) {
        // Trailing blocks after the end marker: pass through untouched.
        if (this.pending.length) this.push(this.pending);
        this.pending = Buffer.alloc(0);
        return;
      }
      if (mode.kind === 'data') {
        // File contents (and padding) stream through as they come.
        if (this.pending.length === 0) return;
        const take = Math.min(mode.left, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.mode = take === mode.left ? { kind: 'header' } : { kind: 'data', left: mode.left - take };
        continue;
      }
      if (mode.kind === 'meta') {
        // Extended headers are small: read whole, then apply to the next member.
        const want = mode.size + mode.pad;
        if (this.pending.length < want) return;
        const data = this.pending.subarray(0, mode.size);
        this.push(this.pending.subarray(0, want));
        this.pending = this.pending.subarray(want);
        this.mode = { kind: 'header' };
        if (mode.typeflag === 'x') {
          const pax = parsePax(data.toString('utf8'));
          if (pax.path !== undefined) this.nextName = pax.path;
          if (pax.linkpath !== undefined) this.nextLink = pax.linkpath;
        } else if (mode.typeflag === 'L') {
          this.nextName = cstring(data, 0, data.length);
        } else if (mode.typeflag === 'K') {
          this.nextLink = cstring(data, 0, data.length);
        }
        continue;
      }
      // A header block.
      if (this.pending.length < BLOCK) return;
      const h = this.pending.subarray(0, BLOCK);
      if (h.every((b) => b === 0)) {
        this.ended = true;
        continue;
      }
      if (!headerChecksumOk(h)) this.refuse('a header is corrupt (bad checksum)');
      const typeflag = String.fromCharCode(h[156]!);
      const size = octal(h, 124, 12);
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      const kind = kindOf(typeflag);
      if (kind === 'meta') {
        this.push(h);
        this.pending = this.pending.subarray(BLOCK);
        if (size > 1024 * 1024) this.refuse('an extended header is implausibly large');
        this.mode = { kind: 'meta', typeflag, size, pad };
        continue;
      }
      const ustar = h.toString('latin1', 257, 263) === 'ustar\0';
      const prefix = ustar ? cstring(h, 345, 155) : '';
      const name = this.nextName ?? (prefix ? `${prefix}/${cstring(h, 0, 100)}` : cstring(h, 0, 100));
      const linkname = this.nextLink ?? cstring(h, 157, 100);
      this.nextName = undefined;
      this.nextLink = undefined;
      const member: TarMember = { name, kind, linkname };
      const problem = memberProblem(member, { top: this.top, symlinks: this.symlinks, files: this.files });
      if (problem) this.refuse(problem);
      const segments = name.split('/').filter((s) => s !== '' && s !== '.');
      this.top ??= segments[0];
      const clean = segments.join('/');
      if (kind === 'symlink') this.symlinks.add(clean);
      if (kind === 'file') this.files.add(clean);
      this.members += 1;
      this.onMember?.(member);
      this.push(h);
      this.pending = this.pending.subarray(BLOCK);
      this.mode = size + pad > 0 ? { kind: 'data', left: size + pad } : { kind: 'header' };
    }
  }
}
