import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  NotFoundError,
  RegistryClient
} from "./chunk-PVJM5KHM.js";
import {
  ArtifactError,
  ENTRY_CONFIG_MEDIA_TYPE,
  ENTRY_LAYER_MEDIA_TYPE,
  OCI_MANIFEST_MEDIA_TYPE,
  buildArtifactManifest,
  descriptorOf,
  entryConfigFor,
  manifestAnnotations,
  parseArtifactManifest,
  serializeEntryConfig
} from "./chunk-HFCHWCOW.js";
import {
  effectiveRegistry,
  registryCredentials,
  tagProblem
} from "./chunk-WJJBIXIY.js";
import "./chunk-O2NKV3CF.js";
import "./chunk-ESPMQRT5.js";
import "./chunk-QL4V2YBX.js";
import {
  bool,
  closest,
  removeInside,
  str,
  viewProject,
  warnIfStale
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_OK,
  PydebugError,
  UsageError
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/registry/push.ts
import { join } from "node:path";

// src/registry/entry-archive.ts
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
var ENTRY_TAR_ARGS = ["--posix", "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime", "--sort=name", "--owner=0", "--group=0", "--numeric-owner"];
async function writeEntryArchive(store, entryKey, dest, signal) {
  store.entryDir(entryKey);
  const tar = spawn("tar", [...ENTRY_TAR_ARGS, "-c", "-f", "-", "-C", store.entriesDir, entryKey], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" }, signal });
  const zstd = spawn("zstd", ["-q", "-c", "-T0", "--long=30", "-3"], { stdio: ["pipe", "pipe", "pipe"], signal });
  let tarErr = "";
  let zstdErr = "";
  tar.stderr.on("data", (d) => tarErr += d.toString());
  zstd.stderr.on("data", (d) => zstdErr += d.toString());
  const tarDone = once(tar, "close").catch((e) => [e]);
  const zstdDone = once(zstd, "close").catch((e) => [e]);
  const hash = createHash("sha256");
  let size = 0;
  const hasher = new Transform({
    transform(chunk, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    }
  });
  try {
    await Promise.all([pipeline(tar.stdout, zstd.stdin), pipeline(zstd.stdout, hasher, createWriteStream(dest, { flags: "wx" }))]);
  } catch (e) {
    tar.kill("SIGKILL");
    zstd.kill("SIGKILL");
    const [code] = await zstdDone;
    if (code instanceof Error) throw new PydebugError(`zstd, which compresses the entry's archive, cannot be run (${code.code ?? code.message})`, { hint: "install zstd" });
    throw e;
  }
  const [[tarCode], [zstdCode]] = await Promise.all([tarDone, zstdDone]);
  if (tarCode !== 0) throw new PydebugError(`tar could not archive ${entryKey}: ${tarErr.trim() || `exit ${String(tarCode)}`}`);
  if (zstdCode !== 0) throw new PydebugError(`zstd could not compress ${entryKey}'s archive: ${zstdErr.trim() || `exit ${String(zstdCode)}`}`, { hint: "install zstd" });
  return { path: dest, digest: `sha256:${hash.digest("hex")}`, size };
}

// src/registry/push.ts
async function alreadyPushed(client, tag, configDigest) {
  let fetched;
  try {
    fetched = await client.getManifest(tag, ["pull", "push"]);
  } catch (e) {
    if (e instanceof NotFoundError) return void 0;
    throw e;
  }
  let manifest;
  try {
    manifest = parseArtifactManifest(fetched.bytes);
  } catch (e) {
    if (e instanceof ArtifactError) return void 0;
    throw e;
  }
  if (manifest.config.digest !== configDigest) return void 0;
  const layer = manifest.layers[0];
  const size = await client.headBlob(layer.digest, ["pull", "push"]);
  return size === layer.size || size === -1 ? { digest: fetched.digest, layer: { digest: layer.digest, size: layer.size } } : void 0;
}
function entryTag(entryKey) {
  const problem = tagProblem(entryKey);
  if (problem) {
    throw new PydebugError(`${entryKey} cannot be an OCI tag: ${problem}`, { hint: "shorten the variant name (or the git source name) in pydebug.yml so that the entry key fits in 128 characters" });
  }
  return entryKey;
}
async function pushEntry(client, store, target, signal) {
  const tag = entryTag(target.entryKey);
  const configBytes = serializeEntryConfig(entryConfigFor(target.manifest, target.build, target.source));
  const config = descriptorOf(configBytes, ENTRY_CONFIG_MEDIA_TYPE);
  const t0 = Date.now();
  const sentBefore = client.bytesSent;
  const already = await alreadyPushed(client, tag, config.digest);
  if (already) {
    return {
      id: target.id,
      tag,
      digest: already.digest,
      reference: `${client.location.display}@${already.digest}`,
      layer: { ...already.layer, sent: 0 },
      config: { digest: config.digest, size: config.size, sent: 0 },
      bytesSent: client.bytesSent - sentBefore,
      seconds: { archive: 0, upload: (Date.now() - t0) / 1e3 },
      unchanged: true
    };
  }
  const work = await store.makeTemp(`push-${target.entryKey}`);
  try {
    const archive = await writeEntryArchive(store, target.entryKey, join(work, "layer.tar.zst"), signal);
    const t1 = Date.now();
    const layerSent = await client.uploadBlob(archive.path, archive.digest, archive.size);
    const configSent = await client.uploadBlobBytes(configBytes);
    const manifest = buildArtifactManifest(
      config,
      { mediaType: ENTRY_LAYER_MEDIA_TYPE, digest: archive.digest, size: archive.size },
      manifestAnnotations(entryConfigFor(target.manifest, target.build, target.source))
    );
    const digest = await client.putManifest(tag, manifest, OCI_MANIFEST_MEDIA_TYPE);
    return {
      id: target.id,
      tag,
      digest,
      reference: `${client.location.display}@${digest}`,
      layer: { digest: archive.digest, size: archive.size, sent: layerSent },
      config: { digest: config.digest, size: config.size, sent: configSent },
      bytesSent: client.bytesSent - sentBefore,
      seconds: { archive: (t1 - t0) / 1e3, upload: (Date.now() - t1) / 1e3 },
      unchanged: false
    };
  } finally {
    await removeInside(store.tmpDir, work, "a push in progress");
  }
}

// src/cli/commands/push.ts
var pushCommand = {
  name: "push",
  summary: "push built entries to the OCI registry (registry: in pydebug.yml)",
  usage: "pydebug push [<variant or id>...] [--json]",
  help: `
Pushes each selected entry that is built, after checking every one of its files against the
list its build recorded, to the registry that \`registry:\` in pydebug.yml (or PYDEBUG_REGISTRY)
names, as an OCI artifact: an image manifest (artifactType application/vnd.pydebug.entry.v1)
with the entry's archive (tar + zstd) as its one layer and pydebug's record of the entry (the
lock's record, the proven macros, the machine part of the key, the digest of the file list) as
its config, tagged with the entry key. Blobs the registry already has are not sent again, and
an entry whose tag already names its artifact is not archived again.
Prints each pushed manifest's digest and the bytes sent.

Operands select entries by variant (debug) or id (3.13.2-debug); none: every built entry.
Credentials: PYDEBUG_REGISTRY_TOKEN (for ghcr.io a token that may write packages), with
PYDEBUG_REGISTRY_USER when the registry needs a user name.

Options:
  --json        print the pushed entries as JSON: id, tag, digest, reference, unchanged,
                bytes_sent, layer and config ({digest, size, sent}), seconds`,
  options: { json: { type: "boolean" } },
  operands: 1e3,
  async run(ctx, values, positionals) {
    const view = await viewProject(ctx, { config: str(values, "config") });
    const registry = effectiveRegistry(ctx.env, view.cfg.projectConfig.registry);
    if (!registry) {
      throw new UsageError(`no registry to push to: ${view.cfg.display} has no registry: and PYDEBUG_REGISTRY is not set`, {
        hint: "add registry: ghcr.io/<owner>/<name> to pydebug.yml (or set PYDEBUG_REGISTRY)"
      });
    }
    warnIfStale(ctx, view);
    const selected = selectEntries(view, positionals);
    const credentials = registryCredentials(ctx.env);
    if (!credentials) {
      throw new UsageError(`pushing to ${registry.display} needs credentials: PYDEBUG_REGISTRY_TOKEN is not set`, {
        hint: "set PYDEBUG_REGISTRY_TOKEN to a token that may write the repository (ghcr.io: write:packages, or the workflow token with packages: write); PYDEBUG_REGISTRY_USER names the user when the registry needs one"
      });
    }
    const client = new RegistryClient(registry, { credentials, signal: ctx.interrupts.signal });
    const results = [];
    for (const entry of selected) {
      const state = await view.store.readEntry(entry.planned.entryKey, { everyFile: true });
      if (state.status !== "ok") {
        const why = state.status === "damaged" ? `its store entry is damaged (${state.reason})` : "it is not built";
        throw new PydebugError(`${entry.planned.id} was not pushed: ${why}`, { hint: `run \`pydebug sync --variant ${entry.planned.build.variant} --python ${entry.planned.build.source}\`` });
      }
      const result = await pushEntry(
        client,
        view.store,
        { id: entry.planned.id, entryKey: entry.planned.entryKey, build: entry.planned.build, source: entry.planned.source, manifest: state.manifest },
        ctx.interrupts.signal
      );
      results.push(result);
      if (!bool(values, "json")) {
        const what = result.unchanged ? "already there, nothing sent" : result.layer.sent > 0 ? `${formatBytes(result.bytesSent)} sent` : `layer already there, ${formatBytes(result.bytesSent)} sent`;
        ctx.stdout.write(`${result.id} ${result.reference} (${what}, layer ${formatBytes(result.layer.size)}, in ${(result.seconds.archive + result.seconds.upload).toFixed(1)} s)
`);
      }
    }
    if (bool(values, "json")) {
      ctx.stdout.write(
        `${JSON.stringify(
          results.map((r) => ({
            id: r.id,
            tag: r.tag,
            digest: r.digest,
            reference: r.reference,
            unchanged: r.unchanged,
            bytes_sent: r.bytesSent,
            layer: r.layer,
            config: r.config,
            seconds: r.seconds
          })),
          null,
          2
        )}
`
      );
    }
    return EXIT_OK;
  }
};
function selectEntries(view, operands) {
  if (operands.length === 0) {
    const built = view.entries.filter((e) => e.state.status === "ok");
    if (built.length === 0) throw new PydebugError("nothing to push: no entry of this project is built", { hint: "run `pydebug sync` first" });
    return built;
  }
  const names = [...view.entries.map((e) => e.planned.id), ...new Set(view.entries.map((e) => e.planned.build.variant))];
  const chosen = /* @__PURE__ */ new Set();
  for (const op of operands) {
    const hits = view.entries.filter((e) => e.planned.id === op || e.planned.build.variant === op);
    if (hits.length === 0) {
      const guess = closest(op, names);
      throw new UsageError(`no entry or variant "${op}" in ${view.cfg.display}`, { hint: guess ? `did you mean "${guess}"?` : `entries: ${view.entries.map((e) => e.planned.id).join(", ")}` });
    }
    for (const h of hits) chosen.add(h.planned.id);
  }
  return view.entries.filter((e) => chosen.has(e.planned.id));
}
function formatBytes(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
export {
  pushCommand
};
