import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  PydebugError
} from "./chunk-2N76SVMT.js";

// src/files/tar-guard.ts
import { posix } from "node:path";
import { Transform } from "node:stream";
var UnsafeTarballError = class extends PydebugError {
};
var BLOCK = 512;
var MAX_META_SIZE = 1024 * 1024;
var MAX_MEMBER_SIZE = 2 ** 40;
var ArchiveProblem = class extends Error {
};
function problem(text) {
  throw new ArchiveProblem(text);
}
var strictUtf8 = new TextDecoder("utf-8", { fatal: true });
function cField(buf, start, length) {
  const field = buf.subarray(start, start + length);
  const nul = field.indexOf(0);
  return nul === -1 ? field : field.subarray(0, nul);
}
function pathText(bytes, what) {
  let text;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    problem(`${what} ${JSON.stringify(bytes.toString("latin1"))} is not valid UTF-8`);
  }
  if (/[\u0000-\u001f\u007f]/.test(text)) problem(`${what} ${JSON.stringify(text)} contains a control character`);
  return text;
}
function numericField(h, start, length, what) {
  if (h[start] === 128) {
    let n2 = 0n;
    for (let i = start + 1; i < start + length; i++) n2 = n2 * 256n + BigInt(h[i]);
    if (n2 > BigInt(MAX_MEMBER_SIZE)) problem(`a header's ${what} is implausibly large (${n2})`);
    return Number(n2);
  }
  const text = h.toString("latin1", start, start + length);
  if (!/^ *[0-7]+[ \0]*$|^\0*$/.test(text)) problem(`a header's ${what} field is not a number (${JSON.stringify(text)})`);
  const n = parseInt(text.trim() || "0", 8);
  if (n > MAX_MEMBER_SIZE) problem(`a header's ${what} is implausibly large (${n})`);
  return n;
}
function headerChecksumOk(h) {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum === numericField(h, 148, 8, "checksum");
}
function headerKind(typeflag) {
  switch (typeflag) {
    case "0":
    case "\0":
    case "7":
      return "file";
    case "5":
      return "dir";
    case "2":
      return "symlink";
    case "1":
      return "hardlink";
    case "3":
    case "4":
    case "6":
      return "special";
    case "x":
      return "pax";
    case "g":
      return "pax-global";
    case "L":
      return "long-name";
    case "K":
      return "long-link";
    default:
      return void 0;
  }
}
function paxRecords(data) {
  const records = /* @__PURE__ */ new Map();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(32, at);
    const lengthText = space === -1 ? "" : data.toString("latin1", at, space);
    if (!/^[1-9][0-9]{0,6}$/.test(lengthText)) problem("a pax extended header is malformed (a record has no length)");
    const end = at + Number(lengthText);
    if (end > data.length || end <= space + 1 || data[end - 1] !== 10) {
      problem("a pax extended header is malformed (a record length does not match the record)");
    }
    const record = data.subarray(space + 1, end - 1);
    const eq = record.indexOf(61);
    if (eq <= 0) problem("a pax extended header is malformed (a record is not key=value)");
    const key = pathText(record.subarray(0, eq), "a pax keyword");
    if (records.has(key)) problem(`a pax extended header sets ${key} twice`);
    records.set(key, Buffer.from(record.subarray(eq + 1)));
    at = end;
  }
  return records;
}
function isGnuSpecialKey(key) {
  return key.startsWith("GNU.");
}
function checkPaxHeader(records) {
  for (const key of records.keys()) {
    if (isGnuSpecialKey(key)) problem(`a pax extended header carries ${key}, which a source tarball never uses`);
  }
}
function checkPaxGlobalHeader(records) {
  for (const key of records.keys()) {
    if (key === "path" || key === "linkpath" || key === "size" || isGnuSpecialKey(key)) {
      problem(`a pax global header sets ${key} for every member that follows`);
    }
  }
}
function paxSize(records) {
  const value = records?.get("size");
  if (value === void 0) return void 0;
  const text = value.toString("latin1");
  if (!/^[0-9]{1,13}$/.test(text) || Number(text) > MAX_MEMBER_SIZE) problem(`a pax size record is not a plausible size (${JSON.stringify(text)})`);
  return Number(text);
}
function headerName(h) {
  const name = cField(h, 0, 100);
  const posixMagic = h.toString("latin1", 257, 263) === "ustar\0";
  const prefix = posixMagic ? cField(h, 345, 155) : Buffer.alloc(0);
  return prefix.length ? Buffer.concat([prefix, Buffer.from("/"), name]) : name;
}
function decideName(h, pending) {
  const paxPath = pending.pax?.get("path");
  if (paxPath !== void 0 && pending.longName !== void 0) {
    problem(`a member is named twice, by a pax path (${JSON.stringify(paxPath.toString())}) and a GNU long name (${JSON.stringify(pending.longName.toString())})`);
  }
  return pathText(paxPath ?? pending.longName ?? headerName(h), "the name");
}
function decideLinkname(h, pending, name) {
  const paxLink = pending.pax?.get("linkpath");
  if (paxLink !== void 0 && pending.longLink !== void 0) {
    problem(`${name} has two link targets, a pax linkpath (${JSON.stringify(paxLink.toString())}) and a GNU long link (${JSON.stringify(pending.longLink.toString())})`);
  }
  return pathText(paxLink ?? pending.longLink ?? cField(h, 157, 100), `the link target of ${name}`);
}
function segmentsOf(path) {
  return path.split("/").filter((s) => s !== "" && s !== ".");
}
function memberProblem(m, state) {
  const raw = m.name;
  if (raw.includes("\0")) return `${JSON.stringify(raw)} contains a NUL byte`;
  if (raw.startsWith("/")) return `${raw} is an absolute path`;
  const segments = segmentsOf(raw);
  if (segments.length === 0) return `an entry has an empty name`;
  if (segments.includes("..")) return `${raw} climbs out with ".."`;
  if (state.top !== void 0 && segments[0] !== state.top) return `${raw} is outside the top-level directory ${state.top}/`;
  if (segments.length === 1 && m.kind !== "dir") return `${raw} is a ${m.kind}, not the top-level directory`;
  for (let i = 1; i < segments.length; i++) {
    const parent = segments.slice(0, i).join("/");
    if (state.symlinks.has(parent)) return `${raw} would be written through the symlink ${parent}`;
  }
  if (m.kind === "special") return `${raw} is a device file or fifo`;
  if (m.kind === "file" && raw.endsWith("/")) return `${raw} is a regular file whose name ends in "/" (GNU tar makes it a directory)`;
  if ((m.kind === "symlink" || m.kind === "hardlink") && m.linkname === "") return `${m.kind} ${raw} has an empty target`;
  if (m.kind === "symlink") {
    if (m.linkname.startsWith("/")) return `symlink ${raw} points to the absolute path ${m.linkname}`;
    if (m.linkname.split("/").includes("..")) return `symlink ${raw} points outside its directory (${m.linkname})`;
  }
  if (m.kind === "hardlink") {
    if (m.linkname.startsWith("/") || m.linkname.split("/").includes("..")) return `hardlink ${raw} points outside the archive (${m.linkname})`;
    if (!state.files.has(segmentsOf(posix.normalize(m.linkname)).join("/"))) {
      return `hardlink ${raw} points to ${m.linkname}, which is not an earlier file of the archive`;
    }
  }
  return void 0;
}
var TarBlockStream = class extends Transform {
  mode = { kind: "header" };
  pending = Buffer.alloc(0);
  /** The end-of-archive marker has been seen. */
  ended = false;
  _transform(chunk, _enc, cb) {
    try {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      this.drain();
      cb();
    } catch (e) {
      cb(e instanceof ArchiveProblem ? this.failure(e.message) : e);
    }
  }
  drain() {
    for (; ; ) {
      const mode = this.mode;
      if (this.ended) {
        if (this.pending.length) this.push(this.pending);
        this.pending = Buffer.alloc(0);
        return;
      }
      if (mode.kind === "data") {
        if (this.pending.length === 0) return;
        const take = Math.min(mode.left, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.mode = take === mode.left ? { kind: "header" } : { kind: "data", left: mode.left - take };
        continue;
      }
      if (mode.kind === "meta") {
        const want = mode.size + mode.pad;
        if (this.pending.length < want) return;
        const raw = this.pending.subarray(0, want);
        this.pending = this.pending.subarray(want);
        this.mode = { kind: "header" };
        this.extended(mode.header, raw.subarray(0, mode.size), raw);
        continue;
      }
      if (this.pending.length < BLOCK) return;
      const h = this.pending.subarray(0, BLOCK);
      if (h.every((b) => b === 0)) {
        this.ended = true;
        continue;
      }
      this.mode = this.header(h);
      this.pending = this.pending.subarray(BLOCK);
    }
  }
};
var TarGuard = class extends TarBlockStream {
  /** `onMember` sees each member as the guard decided it, before tar does (for tests and tracing). */
  constructor(label, onMember) {
    super();
    this.label = label;
    this.onMember = onMember;
  }
  label;
  onMember;
  top;
  members = 0;
  headers = {};
  symlinks = /* @__PURE__ */ new Set();
  files = /* @__PURE__ */ new Set();
  _flush(cb) {
    if (!this.ended && this.members === 0) cb(new UnsafeTarballError(`${this.label} is not a tar archive`));
    else cb();
  }
  failure(problemText) {
    return new UnsafeTarballError(`refusing to extract ${this.label}: ${problemText}. Nothing was extracted.`, {
      hint: "a CPython source tarball never contains such an entry: check where the file came from (mirror, url)"
    });
  }
  /** Checks one header block, passes it on, and returns what follows it. */
  header(h) {
    const next = this.readHeader(h);
    this.push(h);
    return next;
  }
  extended(kind, data, raw) {
    this.push(raw);
    this.readExtendedHeader(kind, data);
  }
  /** Checks one header block and returns what follows it. */
  readHeader(h) {
    if (!headerChecksumOk(h)) problem("a header is corrupt (bad checksum)");
    const typeflag = String.fromCharCode(h[156]);
    const kind = headerKind(typeflag);
    if (kind === void 0) {
      problem(`${JSON.stringify(headerName(h).toString("latin1"))} has the entry type ${JSON.stringify(typeflag)}, which a source tarball never uses`);
    }
    const headerSize = numericField(h, 124, 12, "size");
    if (kind === "pax" || kind === "pax-global" || kind === "long-name" || kind === "long-link") {
      if (headerSize > MAX_META_SIZE) problem("an extended header is implausibly large");
      return { kind: "meta", header: kind, size: headerSize, pad: padding(headerSize) };
    }
    const member = this.decideMember(h, kind);
    const size = paxSize(this.headers.pax) ?? headerSize;
    this.headers = {};
    if (member.kind !== "file" && size !== 0) {
      problem(`${member.name} is a ${member.kind} with ${size} bytes of data (GNU tar would read them as headers)`);
    }
    this.admit(member);
    return size > 0 ? { kind: "data", left: size + padding(size) } : { kind: "header" };
  }
  decideMember(h, kind) {
    const name = decideName(h, this.headers);
    const isLink = kind === "symlink" || kind === "hardlink";
    return { name, kind, linkname: isLink ? decideLinkname(h, this.headers, name) : "" };
  }
  admit(member) {
    const why = memberProblem(member, { top: this.top, symlinks: this.symlinks, files: this.files });
    if (why) problem(why);
    const segments = segmentsOf(member.name);
    this.top ??= segments[0];
    const clean = segments.join("/");
    if (member.kind === "file" || member.kind === "hardlink") this.files.add(clean);
    else this.files.delete(clean);
    if (member.kind === "symlink") this.symlinks.add(clean);
    this.members += 1;
    this.onMember?.(member);
  }
  readExtendedHeader(kind, data) {
    const pending = this.headers;
    if (kind === "pax") {
      if (pending.pax) problem("two pax extended headers precede one member (GNU tar would use only the last)");
      pending.pax = paxRecords(data);
      checkPaxHeader(pending.pax);
    } else if (kind === "pax-global") {
      checkPaxGlobalHeader(paxRecords(data));
    } else if (kind === "long-name") {
      if (pending.longName) problem("two GNU long names precede one member");
      pending.longName = Buffer.from(cField(data, 0, data.length));
    } else if (kind === "long-link") {
      if (pending.longLink) problem("two GNU long link targets precede one member");
      pending.longLink = Buffer.from(cField(data, 0, data.length));
    }
  }
};
function padding(size) {
  return (BLOCK - size % BLOCK) % BLOCK;
}

export {
  UnsafeTarballError,
  BLOCK,
  MAX_META_SIZE,
  ArchiveProblem,
  cField,
  pathText,
  numericField,
  headerChecksumOk,
  headerKind,
  paxRecords,
  paxSize,
  headerName,
  TarBlockStream,
  TarGuard,
  padding
};
