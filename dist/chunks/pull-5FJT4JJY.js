import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  findMismatches,
  probeInterpreter,
  proveFlags
} from "./chunk-RI27NQBJ.js";
import {
  MAX_CONFIG_BYTES,
  parseArtifactManifest,
  parseEntryConfig
} from "./chunk-HFCHWCOW.js";
import "./chunk-WJJBIXIY.js";
import "./chunk-O2NKV3CF.js";
import "./chunk-ESPMQRT5.js";
import "./chunk-QL4V2YBX.js";
import {
  ArchiveProblem,
  BLOCK,
  MAX_META_SIZE,
  TarBlockStream,
  TarGuard,
  UnsafeTarballError,
  cField,
  headerChecksumOk,
  headerKind,
  headerName,
  numericField,
  padding,
  pathText,
  paxRecords,
  paxSize
} from "./chunk-JMSWVBE7.js";
import {
  execa
} from "./chunk-N76HLSXF.js";
import {
  MANIFEST_FILE,
  coreFiles,
  entryContentSize,
  formatFileList,
  hashFile,
  interpreterChain,
  machineKeyOf,
  manifestPathProblem,
  openRegularFile,
  readBounded,
  readFileList,
  readManifest,
  removeInside,
  renameInside,
  sanitizerBuildEnv,
  sha256Of,
  tempName,
  withoutRunnerSecrets
} from "./chunk-OCXTFSZJ.js";
import {
  InterruptedError,
  PydebugError
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/plan/pull-plan.ts
function pinFor(build, entryKey) {
  const machine = machineKeyOf(entryKey, build.lock_key);
  return machine === void 0 ? void 0 : build.artifacts?.[machine];
}
function choosePull(entryKey, pin, tagDigest) {
  if (pin) {
    const warning = tagDigest && tagDigest !== pin ? `the tag ${entryKey} now names ${tagDigest}, not the ${pin} pydebug.lock pins: the tag is ignored` : void 0;
    return { pull: true, digest: pin, pinned: true, warning };
  }
  if (tagDigest) return { pull: true, digest: tagDigest, pinned: false };
  return { pull: false, reason: "the registry has no artifact of it" };
}

// src/registry/pull-artifact.ts
import { join } from "node:path";
async function fetchEntryArtifact(client, reference, entryKey, dir) {
  const fetched = await client.getManifest(reference);
  const manifest = parseArtifactManifest(fetched.bytes);
  const config = parseEntryConfig(await client.getBlobBytes(manifest.config.digest, Math.min(manifest.config.size, MAX_CONFIG_BYTES)), entryKey);
  const layer = manifest.layers[0];
  const layerPath = join(dir, "layer.tar.zst");
  await client.getBlobToFile(layer.digest, layerPath, layer.size);
  return { digest: fetched.digest, manifest, config, layerPath, layerSize: layer.size };
}

// src/sync/archive-install.ts
import { join as join4 } from "node:path";

// src/store/cache-archive.ts
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { lstat, mkdir, open, readdir } from "node:fs/promises";
import { join as join2 } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
var UnusableArchiveError = class extends PydebugError {
};
function refuse(text) {
  throw new ArchiveProblem(text);
}
function paxRecord(key, value) {
  const rest = Buffer.byteLength(key) + value.length + 3;
  let length = rest + String(rest).length;
  if (String(length).length > String(rest).length) length += 1;
  return Buffer.concat([Buffer.from(`${length} ${key}=`), value, Buffer.from("\n")]);
}
function writeChecksum(h) {
  h.fill(32, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i];
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
}
function paxHeader(data) {
  const h = Buffer.alloc(BLOCK);
  h.write("PaxHeaders/member", 0, "latin1");
  h.write("0000644\0", 100, "latin1");
  h.write("0000000\0", 108, "latin1");
  h.write("0000000\0", 116, "latin1");
  h.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124, "latin1");
  h.write("00000000000\0", 136, "latin1");
  h.write("x", 156, "latin1");
  h.write("ustar\x0000", 257, "latin1");
  writeChecksum(h);
  return Buffer.concat([h, data, Buffer.alloc(padding(data.length))]);
}
var CacheArchiveRenamer = class extends TarBlockStream {
  constructor(from, to) {
    super();
    this.to = to;
    this.from = from.split("/");
  }
  to;
  pax;
  from;
  _flush(cb) {
    if (!this.ended) cb(new UnusableArchiveError("the archive ends in the middle (no end-of-archive marker)"));
    else cb();
  }
  failure(problemText) {
    return new UnusableArchiveError(problemText);
  }
  /** A pax header is folded into the member's new one (header() below); only pax headers get here. */
  extended(_kind, data) {
    if (this.pax) refuse("two pax extended headers precede one member");
    this.pax = paxRecords(data);
  }
  /** Pushes the member's new pax header and its header block, named `<to>/...`; returns what follows. */
  header(h) {
    if (!headerChecksumOk(h)) refuse("a header is corrupt (bad checksum)");
    const typeflag = String.fromCharCode(h[156]);
    const kind = headerKind(typeflag);
    const size = numericField(h, 124, 12, "size");
    if (kind === "pax") {
      if (size > MAX_META_SIZE) refuse("an extended header is implausibly large");
      return { kind: "meta", header: "pax", size, pad: padding(size) };
    }
    if (kind !== "file" && kind !== "dir" && kind !== "symlink" && kind !== "hardlink") {
      refuse(`it holds a member of entry type ${JSON.stringify(typeflag)}, which @actions/cache does not write`);
    }
    if (typeflag === "7") refuse('it holds a contiguous file (type "7"), which @actions/cache does not write');
    if (h.toString("latin1", 257, 263) !== "ustar\0") refuse("it holds a header that is not POSIX ustar, which @actions/cache does not write");
    const pax = this.pax;
    this.pax = void 0;
    const name = pathText(pax?.get("path") ?? headerName(h), "a member name");
    const linkname = kind === "symlink" || kind === "hardlink" ? pathText(pax?.get("linkpath") ?? cField(h, 157, 100), `the link target of ${name}`) : "";
    const records = [paxRecord("path", Buffer.from(this.mapped(name, kind === "dir")))];
    if (kind === "hardlink") records.push(paxRecord("linkpath", Buffer.from(this.mapped(linkname, false, `hardlink ${name} points to`))));
    if (kind === "symlink") records.push(paxRecord("linkpath", Buffer.from(linkname)));
    for (const [key, value] of pax ?? []) if (key !== "path" && key !== "linkpath") records.push(paxRecord(key, value));
    const member = Buffer.from(h);
    member.fill(0, 0, 100);
    member.fill(0, 157, 257);
    member.fill(0, 345, 500);
    member.write(this.to.slice(0, 100), 0, "utf8");
    writeChecksum(member);
    this.push(paxHeader(Buffer.concat(records)));
    this.push(member);
    const dataSize = paxSize(pax) ?? size;
    return dataSize > 0 ? { kind: "data", left: dataSize + padding(dataSize) } : { kind: "header" };
  }
  /** `<to>/<rest>` for a name `<from>/<rest>`; anything else refuses the archive. */
  mapped(name, isDir, what = "it holds") {
    if (name.startsWith("/")) refuse(`${what} ${name}, an absolute path`);
    const segments = name.split("/");
    if (segments.at(-1) === "" && segments.length > 1) segments.pop();
    const under = this.from.every((s, i) => segments[i] === s) && segments.length >= this.from.length;
    if (!under) refuse(`${what} ${name}, outside the entry (${this.from.join("/")}/)`);
    const rest = segments.slice(this.from.length);
    if (rest.includes("..")) refuse(`${what} ${name}, which climbs out with ".."`);
    if (rest.some((s) => s === "" || s === ".")) refuse(`${what} ${name}, which is not a plain path`);
    return [this.to, ...rest].join("/") + (isDir ? "/" : "");
  }
};
async function magic(path) {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
async function extractCacheArchive(archive, into, from, top) {
  await mkdir(into);
  const children = [];
  const killAll = () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  };
  try {
    const m = await magic(archive);
    let input;
    let decompressor;
    if (m.equals(Buffer.from([40, 181, 47, 253]))) {
      decompressor = spawn("zstd", ["-d", "-c", "--long=30", archive], { stdio: ["ignore", "pipe", "pipe"] });
      children.push(decompressor);
      decompressor.stderr.resume();
      input = decompressor.stdout;
    } else if (m[0] === 31 && m[1] === 139) {
      input = createReadStream(archive).pipe(createGunzip());
    } else {
      throw new UnusableArchiveError("the archive is neither zstd nor gzip compressed");
    }
    const decompressed = decompressor ? once(decompressor, "close").then(
      ([code]) => code,
      (e) => e
    ) : Promise.resolve(0);
    const tar = spawn("tar", ["-x", "-f", "-", "-C", into, "--no-same-owner", "--no-same-permissions"], { stdio: ["pipe", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    children.push(tar);
    let tarErr = "";
    tar.stderr.on("data", (d) => tarErr += d.toString());
    const tarDone = once(tar, "close");
    const renamer = new CacheArchiveRenamer(from, top);
    const guard = new TarGuard("the cache archive");
    let tarStoppedReading = false;
    try {
      await pipeline(input, renamer, guard, tar.stdin);
    } catch (e) {
      const code = e.code;
      tarStoppedReading = guard.ended && (code === "EPIPE" || code === "ERR_STREAM_PREMATURE_CLOSE");
      if (!tarStoppedReading) {
        killAll();
        await tarDone.catch(() => void 0);
        const zstd2 = await decompressed;
        if (zstd2 instanceof Error) throw new UnusableArchiveError(`zstd, which decompresses it, cannot be run (${zstd2.code ?? zstd2.message})`);
        if (e instanceof UnsafeTarballError) throw new UnusableArchiveError(e.message.replace(/ Nothing was extracted\.$/, ""));
        if (e instanceof PydebugError) throw e;
        throw new UnusableArchiveError(`the archive cannot be read (${e.message})`);
      }
    }
    const zstd = await decompressed;
    if (zstd !== 0 && !tarStoppedReading) throw new UnusableArchiveError(`the archive cannot be decompressed (zstd ${zstd instanceof Error ? zstd.message : `exited with ${zstd}`})`);
    const [tarCode] = await tarDone;
    if (tarCode !== 0) throw new UnusableArchiveError(`tar could not extract it: ${tarErr.trim() || `tar exited with ${tarCode}`}`);
    const names = await readdir(into);
    const staged = join2(into, top);
    if (names.length !== 1 || names[0] !== top || !(await lstat(staged)).isDirectory()) throw new UnusableArchiveError(`the archive does not hold the entry's directory ${from}/`);
    return staged;
  } finally {
    killAll();
  }
}

// src/store/relocate.ts
import { createHash } from "node:crypto";
import { readSync } from "node:fs";
import { chmod, lstat as lstat2, readdir as readdir2, readlink, rm, utimes, writeFile } from "node:fs/promises";
import { dirname, join as join3, relative, sep } from "node:path";
import { TextDecoder } from "node:util";

// src/store/relocate-plan.ts
import { isUtf8 } from "node:buffer";
import { posix } from "node:path";
var SHEBANG_LIMIT = 127;
function isNameByte(b) {
  if (b === void 0) return false;
  return b >= 48 && b <= 57 || b >= 65 && b <= 90 || b >= 97 && b <= 122 || b === 46 || b === 95 || b === 45 || b === 43;
}
function targetPrefixProblem(to) {
  if (!to.startsWith("/")) return "it is not an absolute path";
  if (to.length > 1 && to.endsWith("/")) return 'it ends with "/"';
  if (posix.normalize(to) !== to) return 'it is not a normalized path (it has "//", "." or "..")';
  if (Buffer.byteLength(to) > 1024) return "it is longer than 1024 bytes";
  const odd = /[^\p{L}\p{N}/._+@-]/u.exec(to);
  if (odd) {
    const ch = odd[0];
    const name = /\s/.test(ch) ? "a space" : /[\p{Cc}]/u.test(ch) ? "a control character" : JSON.stringify(ch);
    return `it contains ${name}, which the Makefile, python3-config, compiler flags or Python string literals of the entry would not read as part of a path`;
  }
  return void 0;
}
function isBuiltPrefix(prefix) {
  if (!prefix.startsWith("/") || posix.normalize(prefix) !== prefix || prefix.length > 1 && prefix.endsWith("/")) return false;
  return !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(prefix);
}
function prefixOffsets(data, from) {
  const needle = Buffer.from(from);
  const found = [];
  for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + needle.length)) {
    if (!isNameByte(data[at + needle.length])) found.push(at);
  }
  return found;
}
function replacePrefix(data, from, to) {
  const offsets = prefixOffsets(data, from);
  if (offsets.length === 0) return data;
  const parts = [];
  const replacement = Buffer.from(to);
  let last = 0;
  for (const at of offsets) {
    parts.push(data.subarray(last, at), replacement);
    last = at + Buffer.byteLength(from);
  }
  parts.push(data.subarray(last));
  return Buffer.concat(parts);
}
function shortenShebang(data) {
  const end = data.indexOf(10);
  const line = data.subarray(0, end === -1 ? data.length : end).toString("utf8");
  if (!line.startsWith("#!") || Buffer.byteLength(line) <= SHEBANG_LIMIT) return data;
  const [exe, ...args] = line.slice(2).trim().split(/\s+/);
  if (!exe || !/^python[0-9.]*[a-z]*$/.test(posix.basename(exe))) return data;
  const head = `#!/bin/sh
'''exec' '${exe}'${args.map((a) => ` '${a}'`).join("")} "$0" "$@"
' '''`;
  return Buffer.concat([Buffer.from(head), end === -1 ? Buffer.alloc(0) : data.subarray(end)]);
}
function classifyContent(path, data) {
  return classifyByHead(path, data, !data.includes(0) && isUtf8(data));
}
function classifyByHead(path, head, isText) {
  if (head.length >= 4 && head[0] === 127 && head.toString("latin1", 1, 4) === "ELF") return "elf";
  if (head.toString("latin1", 0, 8) === "!<arch>\n") return "ar";
  if (path.endsWith(".pyc")) return "bytecode";
  return isText ? "text" : "binary";
}
var PrefixSearch = class {
  needle;
  carry = Buffer.alloc(0);
  found = false;
  constructor(from) {
    this.needle = Buffer.from(from);
  }
  push(chunk) {
    if (this.found) return;
    const n = this.needle.length;
    if (chunk.length < 2 * n) {
      const window = Buffer.concat([this.carry, chunk]);
      this.found = this.wholeMatch(window, 0, window.length);
      this.carry = Buffer.from(window.subarray(Math.max(0, window.length - n)));
      return;
    }
    if (this.carry.length > 0 && this.wholeMatch(Buffer.concat([this.carry, chunk.subarray(0, n)]), 0, this.carry.length)) this.found = true;
    else if (this.wholeMatch(chunk, 0, chunk.length)) this.found = true;
    this.carry = Buffer.from(chunk.subarray(chunk.length - n));
  }
  /** A match starting before `startsBefore` whose next byte is in `data` and not a name byte. */
  wholeMatch(data, from, startsBefore) {
    for (let at = data.indexOf(this.needle, from); at !== -1 && at < startsBefore; at = data.indexOf(this.needle, at + 1)) {
      const after = at + this.needle.length;
      if (after >= data.length) return false;
      if (!isNameByte(data[after])) return true;
    }
    return false;
  }
  /** At the end of the file: a match that ends it is a whole path. */
  end() {
    if (!this.found && this.carry.equals(this.needle)) this.found = true;
    return this.found;
  }
};
function sourceOfBytecode(path) {
  const m = /^(?:(.*)\/)?__pycache__\/([^/]+?)\.[^./]+(?:\.opt-[12])?\.pyc$/.exec(path);
  if (!m) return void 0;
  return m[1] === void 0 ? `${m[2]}.py` : `${m[1]}/${m[2]}.py`;
}
function bytecodeOptimization(path) {
  const m = /\.opt-([12])\.pyc$/.exec(path);
  return m ? Number(m[1]) : 0;
}
var SEARCH_PATH_ENTRIES = 8;
var DYNAMIC_ENTRIES = 4096;
var SEARCH_PATH_BYTES = 4096;
function bufferSource(data) {
  return { size: data.length, read: (offset, length) => data.subarray(offset, offset + length) };
}
function elfSearchPaths(file) {
  const source = Buffer.isBuffer(file) ? bufferSource(file) : file;
  const header = source.read(0, 64);
  if (header.length < 64 || header[4] !== 2 || header[5] !== 1) return [];
  const shoff = Number(header.readBigUInt64LE(40));
  const shentsize = header.readUInt16LE(58);
  const shnum = header.readUInt16LE(60);
  if (shoff <= 0 || shentsize !== 64 || shoff + shnum * shentsize > source.size) return [];
  const table = source.read(shoff, shnum * shentsize);
  if (table.length !== shnum * shentsize) return [];
  const section = (i) => {
    const at = i * shentsize;
    return { type: table.readUInt32LE(at + 4), offset: Number(table.readBigUInt64LE(at + 24)), size: Number(table.readBigUInt64LE(at + 32)), link: table.readUInt32LE(at + 40) };
  };
  const paths = [];
  for (let i = 0; i < shnum; i++) {
    const dyn = section(i);
    if (dyn.type !== 6) continue;
    if (dyn.link >= shnum) return paths;
    const strtab = section(dyn.link);
    if (dyn.offset + dyn.size > source.size || strtab.offset + strtab.size > source.size) return paths;
    const entries = source.read(dyn.offset, Math.min(dyn.size, DYNAMIC_ENTRIES * 16));
    for (let at = 0; at + 16 <= entries.length && paths.length < SEARCH_PATH_ENTRIES; at += 16) {
      const tag = entries.readBigUInt64LE(at);
      if (tag === 0n) break;
      if (tag !== 15n && tag !== 29n) continue;
      const start = Number(entries.readBigUInt64LE(at + 8));
      if (start >= strtab.size) continue;
      const text = source.read(strtab.offset + start, Math.min(strtab.size - start, SEARCH_PATH_BYTES));
      const end = text.indexOf(0);
      if (end !== -1) paths.push(text.toString("utf8", 0, end));
    }
    return paths;
  }
  return paths;
}
var REWRITE_LIMIT = 16 * 1024 * 1024;
var BUILD_RECORDS = /* @__PURE__ */ new Set(["share/pydebug/build.log"]);
function planRelocation(files, from) {
  const actions = [];
  const problems = [];
  const rewritten = /* @__PURE__ */ new Set();
  for (const f of files) {
    if (f.class === "text" && !BUILD_RECORDS.has(f.path) && f.bytes > REWRITE_LIMIT) {
      problems.push(`${f.path} is a text file of ${f.bytes} bytes naming the old prefix, larger than any pydebug rewrites (${REWRITE_LIMIT} bytes): no file of a CPython install is`);
    } else if (f.class === "text" && !BUILD_RECORDS.has(f.path)) {
      rewritten.add(f.path);
      actions.push({ path: f.path, action: "rewrite", how: f.path.startsWith("bin/") ? "shebang" : "text" });
    }
  }
  for (const f of files) {
    if (rewritten.has(f.path) || f.class === "text" && f.bytes > REWRITE_LIMIT && !BUILD_RECORDS.has(f.path)) continue;
    if (BUILD_RECORDS.has(f.path)) {
      actions.push({ path: f.path, action: "keep", why: "the build log, a record of where the entry was built" });
    } else if (f.class === "bytecode") {
      const source = sourceOfBytecode(f.path);
      if (source !== void 0 && rewritten.has(source)) actions.push({ path: f.path, action: "recompile", source, optimization: bytecodeOptimization(f.path) });
      else
        actions.push({
          path: f.path,
          action: "keep",
          why: source === void 0 ? "bytecode without a source beside it" : "the old prefix is only its file name, which the import system replaces when it loads it"
        });
    } else if (f.class === "elf") {
      const inside = (f.searchPaths ?? []).filter((p) => p.split(":").some((d) => d === from || d.startsWith(`${from}/`)));
      if (inside.length > 0) {
        problems.push(
          `${f.path} finds its libraries through RPATH/RUNPATH ${inside.join(", ")}, inside the old prefix, and pydebug does not rewrite ELF files (build it with LDFLAGS=-Wl,-rpath,'$ORIGIN/../lib' to make it relocatable)`
        );
      } else {
        actions.push({ path: f.path, action: "keep", why: "ELF: the compiled-in prefix is only getpath's fallback; sys.prefix comes from the executable's location" });
      }
    } else if (f.class === "ar") {
      actions.push({ path: f.path, action: "keep", why: "static library: getpath.o's compiled-in prefix, a fallback for programs that embed it" });
    } else {
      actions.push({ path: f.path, action: "keep", why: "a binary file: not rewritten" });
    }
  }
  return { actions, problems };
}
function relocatedContent(data, how, from, to) {
  const replaced = replacePrefix(data, from, to);
  return how === "shebang" ? shortenShebang(replaced) : replaced;
}

// src/store/relocate.ts
var RelocationError = class extends PydebugError {
};
var COMPILE_SCRIPT = String.raw`
import json, py_compile, sys
jobs = json.loads(sys.stdin.read())
for job in jobs:
    py_compile.compile(job["source"], cfile=job["cfile"], dfile=job["dfile"], optimize=job["optimize"], invalidation_mode=py_compile.PycInvalidationMode[job["mode"]], doraise=True)
`;
function invalidationMode(pyc) {
  const flags = pyc.length >= 8 ? pyc.readUInt32LE(4) : 0;
  if ((flags & 1) === 0) return "TIMESTAMP";
  return (flags & 2) !== 0 ? "CHECKED_HASH" : "UNCHECKED_HASH";
}
function rel(root, path) {
  return relative(root, path).split(sep).join("/");
}
async function withWritableFolder(dir, fn) {
  const st = await lstat2(dir);
  if (!st.isDirectory()) throw new RelocationError(`${dir} is not a folder`);
  const writable = (st.mode & 128) !== 0;
  if (!writable) await chmod(dir, st.mode & 4095 | 128);
  try {
    return await fn();
  } finally {
    if (!writable) await chmod(dir, st.mode & 4095);
  }
}
async function replaceFile(entryDir, path, data, like) {
  const dir = dirname(path);
  const temp = join3(dir, tempName(".relocate"));
  await withWritableFolder(dir, async () => {
    try {
      await writeFile(temp, data, { flag: "wx", mode: like ? like.mode & 511 : 292 });
      if (like) {
        await chmod(temp, like.mode & 511);
        await utimes(temp, like.atime, like.mtime);
      }
      await renameInside(entryDir, temp, path, "a relocated file");
    } catch (e) {
      await rm(temp, { force: true }).catch(() => void 0);
      throw e;
    }
  });
}
var WHOLE_READ_LIMIT = 64 * 1024 * 1024;
var CHUNK = 1024 * 1024;
async function readSmall(handle, path, from) {
  const data = await handle.readFile();
  const found = { sha256: sha256Of(data), bytes: data.length };
  if (!data.includes(from) || prefixOffsets(data, from).length === 0) return found;
  const cls = classifyContent(path, data);
  return {
    ...found,
    hit: { path, class: cls, bytes: data.length, ...cls === "elf" ? { searchPaths: elfSearchPaths(data) } : {} },
    ...cls === "bytecode" ? { invalidation: invalidationMode(data) } : {}
  };
}
async function readLarge(handle, path, from, size) {
  const hash = createHash("sha256");
  const search = new PrefixSearch(from);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let isText = true;
  const head = Buffer.alloc(8);
  let headBytes = 0;
  const buffer = Buffer.allocUnsafe(CHUNK);
  let bytes = 0;
  for (let n = -1; n !== 0; bytes += n) {
    ({ bytesRead: n } = await handle.read(buffer, 0, CHUNK, null));
    const chunk = buffer.subarray(0, n);
    hash.update(chunk);
    search.push(chunk);
    if (headBytes < 8) headBytes += chunk.copy(head, headBytes, 0, 8 - headBytes);
    if (isText && (chunk.includes(0) || !decodes(utf8, chunk, n === 0))) isText = false;
  }
  const found = { sha256: hash.digest("hex"), bytes };
  if (!search.end()) return found;
  const cls = classifyByHead(path, head.subarray(0, headBytes), isText);
  if (cls !== "elf") return { ...found, hit: { path, class: cls, bytes } };
  const source = { size, read: (offset, length) => readAt(handle.fd, offset, length) };
  return { ...found, hit: { path, class: cls, bytes, searchPaths: elfSearchPaths(source) } };
}
function decodes(decoder, chunk, last) {
  try {
    decoder.decode(chunk, { stream: !last });
    return true;
  } catch {
    return false;
  }
}
function readAt(fd, offset, length) {
  const out = Buffer.alloc(Math.max(0, Math.min(length, WHOLE_READ_LIMIT)));
  let got = 0;
  for (let n = -1; n !== 0 && got < out.length; got += n) n = readSync(fd, out, got, out.length - got, offset + got);
  return out.subarray(0, got);
}
async function readEntryFile(full, path, from) {
  const { handle, stats } = await openRegularFile(full);
  try {
    const read = stats.size <= WHOLE_READ_LIMIT ? await readSmall(handle, path, from) : await readLarge(handle, path, from, stats.size);
    return { ...read, stats: { mode: stats.mode, atime: stats.atime, mtime: stats.mtime } };
  } finally {
    await handle.close();
  }
}
async function readToRewrite(full, path, record) {
  const read = await readBounded(full, Math.min(record.bytes, REWRITE_LIMIT));
  if (!("data" in read) || read.data.length !== record.bytes || sha256Of(read.data) !== record.sha256)
    throw new RelocationError(`the entry cannot be relocated: ${path} changed while it was being relocated`);
  return read.data;
}
async function scanEntry(entryDir, manifest, from) {
  const list = await readFileList(entryDir, manifest);
  if (typeof list === "string") throw new RelocationError(`the entry cannot be relocated: ${list}`);
  const own = /* @__PURE__ */ new Set([MANIFEST_FILE, manifest.contents.list]);
  const hits = [];
  const invalidation = /* @__PURE__ */ new Map();
  const stats = /* @__PURE__ */ new Map();
  const seen = /* @__PURE__ */ new Set();
  const regular = [];
  for (const e of await readdir2(entryDir, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const path = rel(entryDir, join3(e.parentPath, e.name));
    if (own.has(path)) continue;
    const record = list.get(path);
    if (!record) throw new RelocationError(`the entry cannot be relocated: ${path} is not part of the build`);
    seen.add(path);
    const full = join3(entryDir, path);
    if (e.isSymbolicLink()) {
      const target = await readlink(full, { encoding: "buffer" });
      if (record.kind !== "l" || sha256Of(target) !== record.sha256) throw new RelocationError(`the entry cannot be relocated: ${path} differs from its file list`);
      if (prefixOffsets(target, from).length > 0)
        throw new RelocationError(`the entry cannot be relocated: the link ${path} points into the old prefix (${target.toString()}); CPython's install makes only relative links`);
      continue;
    }
    if (!e.isFile()) throw new RelocationError(`the entry cannot be relocated: ${path} is neither a file, a link nor a folder`);
    regular.push(path);
  }
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < regular.length; i = next++) {
      const path = regular[i];
      const record = list.get(path);
      const read = await readEntryFile(join3(entryDir, path), path, from);
      if (record.kind !== "f" || read.bytes !== record.bytes || read.sha256 !== record.sha256)
        throw new RelocationError(`the entry cannot be relocated: ${path} differs from its file list (its SHA-256 is ${read.sha256}, the list has ${record.sha256})`);
      if (!read.hit) continue;
      hits.push(read.hit);
      if (read.invalidation) invalidation.set(path, read.invalidation);
      if (read.hit.class === "text" || read.hit.class === "bytecode") stats.set(path, read.stats);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  hits.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  for (const path of list.keys()) if (!seen.has(path)) throw new RelocationError(`the entry cannot be relocated: ${path} is missing`);
  return { list, hits, invalidation, stats };
}
function interpreterEnv(entryDir, list, options) {
  const base = options.env ?? withoutRunnerSecrets(process.env);
  const env = { ...base, ...sanitizerBuildEnv(["address"], { ASAN_OPTIONS: base.ASAN_OPTIONS ?? "" }) };
  if ([...list.keys()].some((p) => /^lib\/libpython[^/]*\.so/.test(p))) env.LD_LIBRARY_PATH = [join3(entryDir, "lib"), base.LD_LIBRARY_PATH].filter(Boolean).join(":");
  return env;
}
async function interpreterFile(entryDir, python, list) {
  try {
    return join3(entryDir, (await interpreterChain(entryDir, python, list)).at(-1));
  } catch (e) {
    throw new RelocationError(`the entry cannot be relocated: ${e.message}`);
  }
}
async function recompile(entryDir, to, jobs, scan, python, options) {
  if (jobs.length === 0) return;
  const input = jobs.map((j) => ({
    source: join3(entryDir, j.source),
    cfile: join3(entryDir, j.path),
    dfile: `${to}/${j.source}`,
    optimize: j.optimization,
    mode: scan.invalidation.get(j.path)
  }));
  const folders = [...new Set(jobs.map((j) => dirname(join3(entryDir, j.path))))];
  const modes = await Promise.all(folders.map(async (d) => ({ d, mode: (await lstat2(d)).mode & 4095 })));
  try {
    for (const { d, mode } of modes) await chmod(d, mode | 128);
    const r = await execa(python, ["-I", "-B", "-c", COMPILE_SCRIPT], {
      input: JSON.stringify(input),
      reject: false,
      env: interpreterEnv(entryDir, scan.list, options),
      extendEnv: false,
      cancelSignal: options.signal,
      timeout: 12e4
    });
    if (r.isCanceled) throw new InterruptedError();
    if (r.exitCode !== 0) throw new RelocationError(`compiling the relocated modules' bytecode failed (exit ${r.exitCode ?? r.signal}): ${r.stderr.split("\n").slice(-3).join(" ").trim()}`);
  } finally {
    for (const { d, mode } of modes) await chmod(d, mode).catch(() => void 0);
  }
}
async function relocateEntry(entryDir, from, to, options = {}) {
  const started = performance.now();
  const manifest = await relocatableManifest(entryDir, from, to);
  const builtPrefix = manifest.relocation?.built_prefix ?? from;
  const done = (m, rewritten2 = [], kept2 = [], keptBytecode2 = 0) => ({
    from,
    to,
    builtPrefix,
    rewritten: rewritten2,
    kept: kept2,
    keptBytecode: keptBytecode2,
    manifest: m,
    seconds: (performance.now() - started) / 1e3
  });
  if (from === to) return done(manifest);
  const scan = await scanEntry(entryDir, manifest, from);
  const plan = planRelocation(scan.hits, from);
  if (plan.problems.length > 0) throw new RelocationError(`the entry cannot be relocated: ${plan.problems.join("; ")}`);
  const python = await interpreterFile(entryDir, manifest.python, scan.list);
  const files = new Map(scan.list);
  const rewritten = [];
  for (const a of plan.actions) {
    if (a.action !== "rewrite") continue;
    const before = await readToRewrite(join3(entryDir, a.path), a.path, scan.list.get(a.path));
    const after = relocatedContent(before, a.how, from, to);
    await replaceFile(entryDir, join3(entryDir, a.path), after, scan.stats.get(a.path));
    const record = { sha256: sha256Of(after), bytes: after.length };
    files.set(a.path, { ...record, kind: "f" });
    rewritten.push({ path: a.path, how: a.how, before: { sha256: sha256Of(before), bytes: before.length }, after: record });
  }
  const jobs = plan.actions.filter((a) => a.action === "recompile");
  await recompile(entryDir, to, jobs, scan, python, options);
  for (const j of jobs) {
    const before = scan.list.get(j.path);
    const after = await hashFile(join3(entryDir, j.path));
    files.set(j.path, { ...after, kind: "f" });
    rewritten.push({ path: j.path, how: "bytecode", before: { sha256: before.sha256, bytes: before.bytes }, after });
  }
  const kept = plan.actions.filter((a) => a.action === "keep" && scan.hits.find((h) => h.path === a.path)?.class !== "bytecode").map((a) => ({ path: a.path, why: a.why }));
  const keptBytecode = plan.actions.filter((a) => a.action === "keep").length - kept.length;
  const relocation = relocationAfter(manifest, builtPrefix, rewritten, kept, keptBytecode);
  const list = formatFileList(files);
  await replaceFile(entryDir, join3(entryDir, manifest.contents.list), list);
  const updated = {
    ...manifest,
    prefix: to,
    size: await entryContentSize(entryDir),
    contents: { list: manifest.contents.list, list_sha256: sha256Of(list), core: await coreFiles(entryDir, manifest.python, files) },
    relocation
  };
  await replaceFile(entryDir, join3(entryDir, MANIFEST_FILE), `${JSON.stringify(updated, null, 2)}
`);
  return done(updated, rewritten, kept, keptBytecode);
}
async function relocatableManifest(entryDir, from, to) {
  const problem = targetPrefixProblem(to);
  if (problem)
    throw new RelocationError(`cannot move the entry to ${JSON.stringify(to)}: ${problem}`, { hint: "set PYDEBUG_HOME (or the runner tool cache) to a path of letters, digits and / . _ - + @" });
  const read = await readManifest(entryDir);
  if (!("manifest" in read)) throw new RelocationError(`the entry cannot be relocated: ${"damaged" in read ? read.damaged : "its manifest is missing"}`);
  const manifest = read.manifest;
  const pathProblem = await manifestPathProblem(entryDir, manifest);
  if (pathProblem) throw new RelocationError(`the entry cannot be relocated: ${pathProblem}`);
  for (const [what, prefix] of [
    ["its manifest's prefix", manifest.prefix],
    ["its relocation record's built_prefix", manifest.relocation?.built_prefix]
  ]) {
    if (prefix !== void 0 && !isBuiltPrefix(prefix))
      throw new RelocationError(`the entry cannot be relocated: ${what} ${JSON.stringify(prefix)} is not a path an entry is built at (absolute, normalized, no control characters)`);
  }
  if (manifest.prefix !== from) throw new RelocationError(`the entry cannot be relocated from ${from}: its manifest says it is built for ${manifest.prefix}`);
  const keySuffix = `/${manifest.entry_key}`;
  if (!from.endsWith(keySuffix) || !to.endsWith(keySuffix))
    throw new RelocationError(`the entry ${manifest.entry_key} can only move between store paths that end with its key (from ${from} to ${to})`);
  return manifest;
}
function relocationAfter(manifest, builtPrefix, rewritten, kept, keptBytecode) {
  const earlier = manifest.relocation;
  const relocation = {
    built_prefix: builtPrefix,
    built_list_sha256: earlier?.built_list_sha256 ?? manifest.contents.list_sha256,
    relocated_at: (/* @__PURE__ */ new Date()).toISOString(),
    files: { ...earlier?.files },
    kept: Object.fromEntries(kept.map((k) => [k.path, k.why])),
    kept_bytecode: keptBytecode
  };
  for (const r of rewritten) relocation.files[r.path] = { how: r.how, built: earlier?.files[r.path]?.built ?? r.before, now: r.after };
  return relocation;
}

// src/sync/archive-install.ts
async function installFromArchive(store, entry, options) {
  const final = store.entryDir(entry.entryKey);
  const staged = await extractCacheArchive(entry.archive, join4(options.work, "entry"), entry.memberPrefix, entry.entryKey);
  let state = await store.readEntry(entry.entryKey, { at: staged, everyFile: true });
  if (state.status !== "ok") throw new UnusableArchiveError(state.status === "damaged" ? state.reason : "it holds no entry");
  const madeFor = state.manifest.prefix;
  let relocatedFrom;
  if (madeFor !== final) {
    let moved;
    try {
      moved = await (options.relocate ?? ((at, from, to) => relocateEntry(at, from, to)))(staged, madeFor, final);
    } catch (error) {
      throw new UnusableArchiveError(error instanceof RelocationError ? error.message : `relocating it failed (${error.message})`);
    }
    options.info?.(`relocated from ${moved.from} (built at ${moved.builtPrefix}): ${moved.rewritten.length} files rewritten in ${moved.seconds.toFixed(1)} s`);
    relocatedFrom = madeFor;
    state = await store.readEntry(entry.entryKey, { at: staged, everyFile: true });
    if (state.status !== "ok") throw new UnusableArchiveError(`after moving it to ${final}: ${state.status === "damaged" ? state.reason : "it holds no entry"}`);
  }
  const problem = await flagProblem(state.python, entry.expect);
  if (problem) throw new UnusableArchiveError(problem);
  await store.install(staged, entry.entryKey);
  return { manifest: state.manifest, relocatedFrom };
}
async function flagProblem(python, expect) {
  try {
    const mismatches = findMismatches(expect, proveFlags(await probeInterpreter(python)));
    if (mismatches.length > 0) return `its interpreter lacks ${mismatches.map((m) => m.flag).join(", ")}`;
  } catch (error) {
    return error.message;
  }
  return void 0;
}

// src/sync/pull.ts
var pullTimings = /* @__PURE__ */ new Map();
async function pullEntry(ctx, planned) {
  const { store, reporter, signal, registry } = ctx;
  const pin = pinFor(planned.build, planned.entryKey);
  let tagDigest;
  try {
    tagDigest = (await registry.headManifest(planned.entryKey))?.digest;
  } catch (error) {
    if (signal.aborted) throw error;
    if (!pin) {
      reporter.warn(`${planned.id}: not pulled from ${registry.location.display} (${error.message}); building it`);
      return void 0;
    }
  }
  const choice = choosePull(planned.entryKey, pin, tagDigest);
  if (!choice.pull) return void 0;
  if (choice.warning) reporter.warn(`${planned.id}: ${choice.warning}`);
  let work;
  try {
    const t0 = Date.now();
    work = await store.makeTemp(`pull-${planned.entryKey}`);
    reporter.phase(planned.id, "download", `${choice.digest.slice(0, 19)} from ${registry.location.display}`);
    const artifact = await fetchEntryArtifact(registry, choice.digest, planned.entryKey, work);
    const t1 = Date.now();
    const installed = await installFromArchive(
      store,
      { entryKey: planned.entryKey, expect: planned.build.expect, archive: artifact.layerPath, memberPrefix: artifact.config.archive.top },
      { work, relocate: ctx.relocate, info: (m) => reporter.info(`${planned.id}: ${m}`) }
    );
    pullTimings.set(planned.id, { download: (t1 - t0) / 1e3, install: (Date.now() - t1) / 1e3 });
    return { digest: choice.digest, pinned: choice.pinned, relocatedFrom: installed.relocatedFrom };
  } catch (error) {
    if (signal.aborted) throw error;
    reporter.warn(`${planned.id}: the artifact ${choice.digest} from ${registry.location.display} is not usable (${error.message}); building it`);
    return void 0;
  } finally {
    if (work) await removeInside(store.tmpDir, work, "a pull in progress");
  }
}
export {
  pullEntry,
  pullTimings
};
