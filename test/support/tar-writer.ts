/**
 * A byte-exact tar writer for hostile test archives: every field can be set or left wrong on
 * purpose (magic, prefix, base-256 size, a size that disagrees with the data, a bad checksum), so
 * each test case is exactly the bytes it describes. Strings are written as UTF-8; pass a Buffer
 * for raw bytes.
 */
const BLOCK = 512;

export type Magic = 'ustar' | 'oldgnu' | 'v7';

export interface HeaderSpec {
  name: string | Buffer;
  /** The typeflag character ('0', '5', '2', 'x', 'L', ...). */
  type?: string;
  linkname?: string | Buffer;
  /** The size field's value; defaults to the data's length. */
  size?: number;
  /** Raw bytes for the 12-byte size field (base-256, garbage), instead of `size`. */
  sizeField?: Buffer;
  prefix?: string | Buffer;
  magic?: Magic;
  mode?: number;
  /** A wrong checksum on purpose. */
  badChecksum?: boolean;
}

export interface MemberSpec extends HeaderSpec {
  data?: string | Buffer;
}

function bytes(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function put(block: Buffer, offset: number, length: number, value: string | Buffer): void {
  const b = bytes(value);
  if (b.length > length) throw new Error(`tar-writer: ${JSON.stringify(b.toString())} does not fit in ${length} bytes`);
  b.copy(block, offset);
}

function octalField(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0');
}

/** A 12-byte size field in GNU base-256 (the high bit of the first byte set). */
export function base256(value: bigint, length = 12): Buffer {
  const field = Buffer.alloc(length);
  let v = value;
  for (let i = length - 1; i > 0; i--) {
    field[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  field[0] = 0x80;
  return field;
}

export function header(spec: HeaderSpec, dataLength = 0): Buffer {
  const h = Buffer.alloc(BLOCK);
  put(h, 0, 100, spec.name);
  put(h, 100, 8, octalField(spec.mode ?? (spec.type === '5' ? 0o755 : 0o644), 8));
  put(h, 108, 8, octalField(0, 8));
  put(h, 116, 8, octalField(0, 8));
  if (spec.sizeField) put(h, 124, 12, spec.sizeField);
  else put(h, 124, 12, octalField(spec.size ?? dataLength, 12));
  put(h, 136, 12, octalField(1_700_000_000, 12));
  put(h, 156, 1, spec.type ?? '0');
  put(h, 157, 100, spec.linkname ?? '');
  const magic = spec.magic ?? 'ustar';
  if (magic === 'ustar') put(h, 257, 8, Buffer.from('ustar\x0000', 'latin1'));
  if (magic === 'oldgnu') put(h, 257, 8, Buffer.from('ustar  \x00', 'latin1'));
  if (magic !== 'v7') {
    put(h, 265, 32, 'root');
    put(h, 297, 32, 'root');
  }
  if (spec.prefix !== undefined) put(h, 345, 155, spec.prefix);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  if (spec.badChecksum) sum += 1;
  put(h, 148, 8, `${octalField(sum, 7)}\0`);
  return h;
}

function padded(data: Buffer): Buffer {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return Buffer.concat([data, Buffer.alloc(pad)]);
}

/** A header followed by its data, padded to whole blocks. */
export function member(spec: MemberSpec): Buffer {
  const data = bytes(spec.data ?? '');
  return Buffer.concat([header(spec, data.length), padded(data)]);
}

/** pax records `<length> <key>=<value>\n`, the length counted in bytes as the standard says. */
export function paxRecords(records: Array<[string, string | Buffer]>): Buffer {
  return Buffer.concat(
    records.map(([key, value]) => {
      const body = Buffer.concat([Buffer.from(` ${key}=`), bytes(value), Buffer.from('\n')]);
      let length = body.length + 1;
      while (String(length).length + body.length !== length) length = String(length).length + body.length;
      return Buffer.concat([Buffer.from(String(length)), body]);
    }),
  );
}

/** A pax extended header (`x`, or `g` for global) carrying the given records or raw bytes. */
export function pax(records: Array<[string, string | Buffer]> | Buffer, type: 'x' | 'g' = 'x', name = 'PaxHeaders/x'): Buffer {
  return member({ name, type, data: Buffer.isBuffer(records) ? records : paxRecords(records) });
}

/** A GNU long name (`L`) or long link (`K`) header. */
export function gnuLong(type: 'L' | 'K', value: string | Buffer): Buffer {
  return member({ name: '././@LongLink', type, magic: 'oldgnu', data: Buffer.concat([bytes(value), Buffer.alloc(1)]) });
}

export function endOfArchive(): Buffer {
  return Buffer.alloc(2 * BLOCK);
}

export function tarball(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts, endOfArchive()]);
}
