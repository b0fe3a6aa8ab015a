import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  findMismatches,
  probeInterpreter,
  proveFlags
} from "./chunk-GQ7ASHSC.js";
import {
  MAX_CONFIG_BYTES,
  parseArtifactManifest,
  parseEntryConfig
} from "./chunk-W7FGDGOP.js";
import {
  ArchiveProblem,
  BLOCK,
  MAX_META_SIZE,
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
} from "./chunk-3QNUFPJL.js";
import "./chunk-N76HLSXF.js";
import {
  removeInside
} from "./chunk-TKCZ6LEL.js";
import "./chunk-ZASESTHH.js";
import {
  machineKeyOf
} from "./chunk-PTEIU236.js";
import "./chunk-HEHMV332.js";
import "./chunk-QICQXSJE.js";
import "./chunk-JWVT23K3.js";
import "./chunk-2IXWVPAI.js";
import "./chunk-RIFX6D3H.js";
import {
  PydebugError
} from "./chunk-4QVF5WYY.js";
import "./chunk-4XGRPEUQ.js";

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

// src/plan/pull-plan.ts
function pinFor(build, entryKey) {
  const machine = machineKeyOf(entryKey, build.cache_key);
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

// src/sync/archive-install.ts
import { join as join3 } from "node:path";

// src/store/cache-archive.ts
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { lstat, mkdir, open, readdir } from "node:fs/promises";
import { join as join2 } from "node:path";
import { Transform } from "node:stream";
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
var CacheArchiveRenamer = class extends Transform {
  constructor(from, to) {
    super();
    this.to = to;
    this.from = from.split("/");
  }
  to;
  mode = { kind: "header" };
  pending = Buffer.alloc(0);
  pax;
  from;
  ended = false;
  _transform(chunk, _enc, cb) {
    try {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      this.drain();
      cb();
    } catch (e) {
      cb(e instanceof ArchiveProblem ? new UnusableArchiveError(e.message) : e);
    }
  }
  _flush(cb) {
    if (!this.ended) cb(new UnusableArchiveError("the archive ends in the middle (no end-of-archive marker)"));
    else cb();
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
        if (this.pax) refuse("two pax extended headers precede one member");
        this.pax = paxRecords(this.pending.subarray(0, mode.size));
        this.pending = this.pending.subarray(want);
        this.mode = { kind: "header" };
        continue;
      }
      if (this.pending.length < BLOCK) return;
      const h = this.pending.subarray(0, BLOCK);
      this.pending = this.pending.subarray(BLOCK);
      if (h.every((b) => b === 0)) {
        this.ended = true;
        this.push(h);
        continue;
      }
      this.mode = this.readHeader(h);
    }
  }
  readHeader(h) {
    if (!headerChecksumOk(h)) refuse("a header is corrupt (bad checksum)");
    const typeflag = String.fromCharCode(h[156]);
    const kind = headerKind(typeflag);
    const size = numericField(h, 124, 12, "size");
    if (kind === "pax") {
      if (size > MAX_META_SIZE) refuse("an extended header is implausibly large");
      return { kind: "meta", size, pad: padding(size) };
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

// src/sync/archive-install.ts
async function installFromArchive(store, entry, options) {
  const final = store.entryDir(entry.entryKey);
  const staged = await extractCacheArchive(entry.archive, join3(options.work, "entry"), entry.memberPrefix, entry.entryKey);
  let state = await store.readEntry(entry.entryKey, { at: staged, everyFile: true });
  if (state.status !== "ok") throw new UnusableArchiveError(state.status === "damaged" ? state.reason : "it holds no entry");
  const madeFor = state.manifest.prefix;
  let relocatedFrom;
  if (madeFor !== final) {
    if (!options.relocate) throw new UnusableArchiveError(`it was made for the store path ${madeFor}, and this pydebug cannot move it to ${final}`);
    try {
      await options.relocate(staged, madeFor, final);
    } catch (error) {
      throw new UnusableArchiveError(`it could not be moved from ${madeFor} to ${final} (${error.message})`);
    }
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
      { work, relocate: ctx.relocate }
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
