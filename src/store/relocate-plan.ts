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
  if (data.length >= 4 && data[0] === 0x7f && data.toString('latin1', 1, 4) === 'ELF') return 'elf';
  if (data.toString('latin1', 0, 8) === '!<arch>\n') return 'ar';
  if (path.endsWith('.pyc')) return 'bytecode';
  if (!data.includes(0) && isUtf8(data)) return 'text';
  return 'binary';
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

/**
 * The RPATH and RUNPATH strings of a 64-bit little-endian ELF file (empty for anything else):
 * where the dynamic loader looks for its libraries. Read from the section headers (the one
 * .dynamic section and the string table it links to); a file whose headers point outside it
 * yields nothing. The work is bounded by the file's size whatever its headers say: one dynamic
 * section is read (a file has at most one), and at most SEARCH_PATH_ENTRIES strings.
 */
export function elfSearchPaths(data: Buffer): string[] {
  if (data.length < 64 || data[4] !== 2 || data[5] !== 1) return [];
  const big = (off: number) => (off + 8 <= data.length ? Number(data.readBigUInt64LE(off)) : -1);
  const shoff = big(0x28);
  const shentsize = data.readUInt16LE(0x3a);
  const shnum = data.readUInt16LE(0x3c);
  if (shoff <= 0 || shentsize < 64 || shoff + shnum * shentsize > data.length) return [];
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return { type: data.readUInt32LE(at + 4), offset: big(at + 0x18), size: big(at + 0x20), link: data.readUInt32LE(at + 0x28) };
  };
  const paths: string[] = [];
  for (let i = 0; i < shnum; i++) {
    const dyn = section(i);
    if (dyn.type !== 6 /* SHT_DYNAMIC */) continue;
    if (dyn.link >= shnum) return paths;
    const strtab = section(dyn.link);
    if (dyn.offset < 0 || dyn.offset + dyn.size > data.length || strtab.offset < 0 || strtab.offset + strtab.size > data.length) return paths;
    const strings = data.subarray(strtab.offset, strtab.offset + strtab.size);
    for (let at = dyn.offset; at + 16 <= dyn.offset + dyn.size && paths.length < SEARCH_PATH_ENTRIES; at += 16) {
      const tag = big(at);
      if (tag === 0) break;
      if (tag !== 15 /* DT_RPATH */ && tag !== 29 /* DT_RUNPATH */) continue;
      const start = big(at + 8);
      const end = start < strings.length ? strings.indexOf(0, start) : -1;
      if (end !== -1) paths.push(strings.toString('utf8', start, end));
    }
    return paths;
  }
  return paths;
}

/** What the scan found of one file that names the old prefix. */
export interface ScannedFile {
  path: string;
  class: ContentClass;
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
    if (f.class === 'text' && !BUILD_RECORDS.has(f.path)) {
      rewritten.add(f.path);
      actions.push({ path: f.path, action: 'rewrite', how: f.path.startsWith('bin/') ? 'shebang' : 'text' });
    }
  }
  for (const f of files) {
    if (rewritten.has(f.path)) continue;
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
