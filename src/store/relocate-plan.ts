/**
 * Relocation of a store entry to another prefix, the pure part: which paths may be a target,
 * how each file that names the old prefix is treated, and the rewrites themselves (bytes in,
 * bytes out). The I/O is in relocate.ts.
 *
 * What CPython does with its prefix, checked on 3.11.2 builds moved to another directory:
 * `sys.prefix`, `sys.exec_prefix` and sysconfig's install paths are computed at run time by
 * getpath from the executable's location (it looks for lib/python3.X/os.py above bin/); the
 * PREFIX compiled into the interpreter (and into libpython3.X.a's getpath.o) is only the
 * fallback when that search fails, so ELF files and static libraries are never rewritten. What
 * keeps the old prefix as text: `_sysconfigdata_*.py` (the build's variables: prefix, INCLUDEPY,
 * LIBDIR, BINDIR, LIBPL, CFLAGS...), the `config-3.X-<platform>/Makefile`, `python-config.py`,
 * `python3.X-config`, the pkg-config `.pc` files, and the `#!` lines of bin/ scripts (pip3,
 * idle3.X, pydoc3.X, 2to3-3.X). Those are rewritten, and the bytecode of a rewritten module is
 * compiled again. Every other .pyc names the old prefix only as its code objects' file name,
 * which the import system replaces with the source's real path when it loads the .pyc.
 */
import { isUtf8 } from 'node:buffer';
import { posix } from 'node:path';

/** Longest `#!` line written as is; longer ones get distlib's /bin/sh trampoline (as pip writes them). */
export const SHEBANG_LIMIT = 127;

/** Bytes that may follow a path component: an occurrence of the prefix followed by one of these is another path. */
function isNameByte(b: number | undefined): boolean {
  if (b === undefined) return false;
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2e || b === 0x5f || b === 0x2d || b === 0x2b;
}

/**
 * Why `to` cannot be an entry's new prefix, or undefined. Refused: relative or unnormalized
 * paths, and any character that the files being rewritten would read as syntax: whitespace
 * (splits `-I<prefix>/include` in CFLAGS, the Makefile and python3-config), quotes and
 * backslashes (Python string literals in _sysconfigdata, the shell), `$` and `` ` `` (shell and
 * make expansion), `:` (PATH-like lists), `,` (-Wl lists), `#`, `;`, `&`, `|`, `<`, `>`, `(`,
 * `)`, `*`, `?`, `[`, `]`, `{`, `}`, `!`, `%`, `=`, `~` and control characters. Letters and
 * digits of any script, `/`, `.`, `_`, `-`, `+` and `@` are accepted.
 */
export function targetPrefixProblem(to: string): string | undefined {
  if (!to.startsWith('/')) return 'it is not an absolute path';
  if (to.length > 1 && to.endsWith('/')) return 'it ends with "/"';
  if (posix.normalize(to) !== to) return 'it is not a normalized path (it has "//", "." or "..")';
  if (Buffer.byteLength(to) > 1024) return 'it is longer than 1024 bytes';
  const odd = /[^\p{L}\p{N}/._+@-]/u.exec(to);
  if (odd) {
    const ch = odd[0];
    const name = /\s/.test(ch) ? 'a space' : /[\p{Cc}]/u.test(ch) ? 'a control character' : JSON.stringify(ch);
    return `it contains ${name}, which the Makefile, python3-config, compiler flags or Python string literals of the entry would not read as part of a path`;
  }
  return undefined;
}

/**
 * Whether `prefix`, read from an entry's manifest, can be a path the entry was built (or last
 * relocated) at: absolute, normalized, and without control, format or line-separator
 * characters. It is printed (the Action's log says where an entry came from), and a line break
 * there would start a line of the attacker's own, `::error::` or any other workflow command.
 * A space is allowed: a store under a home with one builds entries fine, it only cannot be a target.
 */
export function isBuiltPrefix(prefix: string): boolean {
  if (!prefix.startsWith('/') || posix.normalize(prefix) !== prefix || (prefix.length > 1 && prefix.endsWith('/'))) return false;
  return !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(prefix);
}

/** Offsets of `from` in `data` where it is a whole path (not followed by a name character). */
export function prefixOffsets(data: Buffer, from: string): number[] {
  const needle = Buffer.from(from);
  const found: number[] = [];
  for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + needle.length)) {
    if (!isNameByte(data[at + needle.length])) found.push(at);
  }
  return found;
}

/** `data` with every whole-path occurrence of `from` replaced by `to`. */
export function replacePrefix(data: Buffer, from: string, to: string): Buffer {
  const offsets = prefixOffsets(data, from);
  if (offsets.length === 0) return data;
  const parts: Buffer[] = [];
  const replacement = Buffer.from(to);
  let last = 0;
  for (const at of offsets) {
    parts.push(data.subarray(last, at), replacement);
    last = at + Buffer.byteLength(from);
  }
  parts.push(data.subarray(last));
  return Buffer.concat(parts);
}

/**
 * A script whose first line became longer than the kernel reads reliably, as distlib (pip)
 * writes it: /bin/sh runs the interpreter, and Python reads the exec line as a string.
 * Only for a Python interpreter; other content is returned as is.
 */
export function shortenShebang(data: Buffer): Buffer {
  const end = data.indexOf(0x0a);
  const line = data.subarray(0, end === -1 ? data.length : end).toString('utf8');
  if (!line.startsWith('#!') || Buffer.byteLength(line) <= SHEBANG_LIMIT) return data;
  const [exe, ...args] = line.slice(2).trim().split(/\s+/);
  if (!exe || !/^python[0-9.]*[a-z]*$/.test(posix.basename(exe))) return data;
  const head = `#!/bin/sh\n'''exec' '${exe}'${args.map((a) => ` '${a}'`).join('')} "$0" "$@"\n' '''`;
  return Buffer.concat([Buffer.from(head), end === -1 ? Buffer.alloc(0) : data.subarray(end)]);
}

export type ContentClass = 'text' | 'elf' | 'ar' | 'bytecode' | 'binary';

/** What a file is, by its name and content. Text: UTF-8 without a NUL byte. */
export function classifyContent(path: string, data: Buffer): ContentClass {
  return classifyByHead(path, data, !data.includes(0) && isUtf8(data));
}

/** What a file is, by its name, its first 8 bytes (or more) and whether it is text (UTF-8 without a NUL byte). */
export function classifyByHead(path: string, head: Buffer, isText: boolean): ContentClass {
  if (head.length >= 4 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') return 'elf';
  if (head.toString('latin1', 0, 8) === '!<arch>\n') return 'ar';
  if (path.endsWith('.pyc')) return 'bytecode';
  return isText ? 'text' : 'binary';
}

/**
 * Finds whole-path occurrences of a prefix in a file read in chunks: the bytes of a match that
 * a chunk's end cuts, and the byte after it, are seen with the next chunk.
 */
export class PrefixSearch {
  private readonly needle: Buffer;
  private carry = Buffer.alloc(0);
  found = false;

  constructor(from: string) {
    this.needle = Buffer.from(from);
  }

  push(chunk: Buffer): void {
    if (this.found) return;
    const n = this.needle.length;
    if (chunk.length < 2 * n) {
      const window = Buffer.concat([this.carry, chunk]);
      this.found = this.wholeMatch(window, 0, window.length);
      this.carry = Buffer.from(window.subarray(Math.max(0, window.length - n)));
      return;
    }
    // Matches that start in the carried bytes, then those inside the chunk: no copy of the chunk.
    if (this.carry.length > 0 && this.wholeMatch(Buffer.concat([this.carry, chunk.subarray(0, n)]), 0, this.carry.length)) this.found = true;
    else if (this.wholeMatch(chunk, 0, chunk.length)) this.found = true;
    this.carry = Buffer.from(chunk.subarray(chunk.length - n));
  }

  /** A match starting before `startsBefore` whose next byte is in `data` and not a name byte. */
  private wholeMatch(data: Buffer, from: number, startsBefore: number): boolean {
    for (let at = data.indexOf(this.needle, from); at !== -1 && at < startsBefore; at = data.indexOf(this.needle, at + 1)) {
      const after = at + this.needle.length;
      if (after >= data.length) return false;
      if (!isNameByte(data[after])) return true;
    }
    return false;
  }

  /** At the end of the file: a match that ends it is a whole path. */
  end(): boolean {
    if (!this.found && this.carry.equals(this.needle)) this.found = true;
    return this.found;
  }
}

/** The source a .pyc in __pycache__ was compiled from (`a/__pycache__/b.cpython-311.opt-1.pyc` → `a/b.py`), or undefined. */
export function sourceOfBytecode(path: string): string | undefined {
  const m = /^(?:(.*)\/)?__pycache__\/([^/]+?)\.[^./]+(?:\.opt-[12])?\.pyc$/.exec(path);
  if (!m) return undefined;
  return m[1] === undefined ? `${m[2]}.py` : `${m[1]}/${m[2]}.py`;
}

/** The optimization level of a .pyc by its name: 0, 1 (`.opt-1`) or 2. */
export function bytecodeOptimization(path: string): number {
  const m = /\.opt-([12])\.pyc$/.exec(path);
  return m ? Number(m[1]) : 0;
}

/** More RPATH/RUNPATH entries than any linker writes (one of each at most): the rest are not read. */
const SEARCH_PATH_ENTRIES = 8;
/** Of the dynamic section, the first entries (a real one has about 40); of a search path, the first bytes. */
const DYNAMIC_ENTRIES = 4096;
const SEARCH_PATH_BYTES = 4096;

/** Bytes of a file: up to `length` at `offset` (fewer at its end). */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Buffer;
}

function bufferSource(data: Buffer): ByteSource {
  return { size: data.length, read: (offset, length) => data.subarray(offset, offset + length) };
}

/**
 * The RPATH and RUNPATH strings of a 64-bit little-endian ELF file (empty for anything else):
 * where the dynamic loader looks for its libraries. Read from the section headers (the one
 * .dynamic section and the string table it links to); a file whose headers point outside it
 * yields nothing. The work is bounded whatever the headers say: the section table (at most
 * 65535 headers of 64 bytes), the first DYNAMIC_ENTRIES entries of the one dynamic section (a
 * file has at most one), at most SEARCH_PATH_ENTRIES strings of SEARCH_PATH_BYTES each. A file
 * is read whole or, when large, through a ByteSource that reads only these parts.
 */
export function elfSearchPaths(file: Buffer | ByteSource): string[] {
  const source = Buffer.isBuffer(file) ? bufferSource(file) : file;
  const header = source.read(0, 64);
  if (header.length < 64 || header[4] !== 2 || header[5] !== 1) return [];
  const shoff = Number(header.readBigUInt64LE(0x28));
  const shentsize = header.readUInt16LE(0x3a);
  const shnum = header.readUInt16LE(0x3c);
  if (shoff <= 0 || shentsize !== 64 || shoff + shnum * shentsize > source.size) return [];
  const table = source.read(shoff, shnum * shentsize);
  if (table.length !== shnum * shentsize) return [];
  const section = (i: number) => {
    const at = i * shentsize;
    return { type: table.readUInt32LE(at + 4), offset: Number(table.readBigUInt64LE(at + 0x18)), size: Number(table.readBigUInt64LE(at + 0x20)), link: table.readUInt32LE(at + 0x28) };
  };
  const paths: string[] = [];
  for (let i = 0; i < shnum; i++) {
    const dyn = section(i);
    if (dyn.type !== 6 /* SHT_DYNAMIC */) continue;
    if (dyn.link >= shnum) return paths;
    const strtab = section(dyn.link);
    if (dyn.offset + dyn.size > source.size || strtab.offset + strtab.size > source.size) return paths;
    const entries = source.read(dyn.offset, Math.min(dyn.size, DYNAMIC_ENTRIES * 16));
    for (let at = 0; at + 16 <= entries.length && paths.length < SEARCH_PATH_ENTRIES; at += 16) {
      const tag = entries.readBigUInt64LE(at);
      if (tag === 0n) break;
      if (tag !== 15n /* DT_RPATH */ && tag !== 29n /* DT_RUNPATH */) continue;
      const start = Number(entries.readBigUInt64LE(at + 8));
      if (start >= strtab.size) continue;
      const text = source.read(strtab.offset + start, Math.min(strtab.size - start, SEARCH_PATH_BYTES));
      const end = text.indexOf(0);
      if (end !== -1) paths.push(text.toString('utf8', 0, end));
    }
    return paths;
  }
  return paths;
}

/** The largest text file pydebug rewrites: a CPython install's largest that names its prefix (the Makefile) is about 100 kB. */
export const REWRITE_LIMIT = 16 * 1024 * 1024;

/** What the scan found of one file that names the old prefix. */
export interface ScannedFile {
  path: string;
  class: ContentClass;
  bytes: number;
  /** For ELF files: their RPATH/RUNPATH entries. */
  searchPaths?: string[];
}

export type FileAction =
  | { path: string; action: 'rewrite'; how: 'text' | 'shebang' }
  | { path: string; action: 'recompile'; source: string; optimization: number }
  | { path: string; action: 'keep'; why: string };

export interface RelocationPlan {
  actions: FileAction[];
  /** Why the entry cannot be relocated; empty when it can. */
  problems: string[];
}

/** pydebug's own files that record the build as it happened, kept as they are. */
const BUILD_RECORDS = new Set(['share/pydebug/build.log']);

/**
 * What to do with each file that names `from`: text is rewritten (a bin/ script's first line
 * too, shortened when it grows too long), bytecode of a rewritten source compiled again, and
 * the rest kept, saying why. An ELF file that finds libraries through an RPATH or RUNPATH
 * inside the old prefix cannot work at the new one: a problem.
 */
export function planRelocation(files: ScannedFile[], from: string): RelocationPlan {
  const actions: FileAction[] = [];
  const problems: string[] = [];
  const rewritten = new Set<string>();
  for (const f of files) {
    if (f.class === 'text' && !BUILD_RECORDS.has(f.path) && f.bytes > REWRITE_LIMIT) {
      problems.push(`${f.path} is a text file of ${f.bytes} bytes naming the old prefix, larger than any pydebug rewrites (${REWRITE_LIMIT} bytes): no file of a CPython install is`);
    } else if (f.class === 'text' && !BUILD_RECORDS.has(f.path)) {
      rewritten.add(f.path);
      actions.push({ path: f.path, action: 'rewrite', how: f.path.startsWith('bin/') ? 'shebang' : 'text' });
    }
  }
  for (const f of files) {
    if (rewritten.has(f.path) || (f.class === 'text' && f.bytes > REWRITE_LIMIT && !BUILD_RECORDS.has(f.path))) continue;
    if (BUILD_RECORDS.has(f.path)) {
      actions.push({ path: f.path, action: 'keep', why: 'the build log, a record of where the entry was built' });
    } else if (f.class === 'bytecode') {
      const source = sourceOfBytecode(f.path);
      if (source !== undefined && rewritten.has(source)) actions.push({ path: f.path, action: 'recompile', source, optimization: bytecodeOptimization(f.path) });
      else
        actions.push({
          path: f.path,
          action: 'keep',
          why: source === undefined ? 'bytecode without a source beside it' : 'the old prefix is only its file name, which the import system replaces when it loads it',
        });
    } else if (f.class === 'elf') {
      const inside = (f.searchPaths ?? []).filter((p) => p.split(':').some((d) => d === from || d.startsWith(`${from}/`)));
      if (inside.length > 0) {
        problems.push(
          `${f.path} finds its libraries through RPATH/RUNPATH ${inside.join(', ')}, inside the old prefix, and pydebug does not rewrite ELF files (build it with LDFLAGS=-Wl,-rpath,'$ORIGIN/../lib' to make it relocatable)`,
        );
      } else {
        actions.push({ path: f.path, action: 'keep', why: "ELF: the compiled-in prefix is only getpath's fallback; sys.prefix comes from the executable's location" });
      }
    } else if (f.class === 'ar') {
      actions.push({ path: f.path, action: 'keep', why: "static library: getpath.o's compiled-in prefix, a fallback for programs that embed it" });
    } else {
      actions.push({ path: f.path, action: 'keep', why: 'a binary file: not rewritten' });
    }
  }
  return { actions, problems };
}

/** A file's content at the new prefix: the prefix replaced, and a bin/ script's first line shortened if it must be. */
export function relocatedContent(data: Buffer, how: 'text' | 'shebang', from: string, to: string): Buffer {
  const replaced = replacePrefix(data, from, to);
  return how === 'shebang' ? shortenShebang(replaced) : replaced;
}
