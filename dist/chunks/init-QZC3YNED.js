import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import "./chunk-ESPMQRT5.js";
import "./chunk-QL4V2YBX.js";
import {
  MD5_PATTERN,
  RELEASE_MANAGERS,
  SHA256_PATTERN,
  VERSION_PATTERN,
  bool,
  configPath,
  defaultTarballUrl,
  displayPath,
  fileSystemError,
  isFileSystemError,
  makeReporter,
  openStore,
  releaseManagerIdentity,
  str,
  urlFileName
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_OK,
  UsageError
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/cli/commands/init.ts
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, lstat, readlink, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

// src/config/releases.ts
var KNOWN_RELEASES = [
  {
    version: "3.13.2",
    md5: "6192ce4725d9c9fc0e8a1cd38410b417",
    sha256: "b8d79530e3b7c96a5cb2d40d431ddb512af4a563e863728d8713039aa50203f9"
  },
  {
    version: "3.13.5",
    url: "https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz",
    md5: "dbaa8833aa736eddbb18a6a6ae0c10fa",
    sha256: "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640"
  },
  {
    // The Docker official image pins the same SHA-256; Debian's python3.13_3.13.15.orig.tar.xz is this file.
    version: "3.13.15",
    url: "https://www.python.org/ftp/python/3.13.15/Python-3.13.15.tar.xz",
    md5: "213ef0026b5363353594e0cfa78174ab",
    sha256: "1e66a7945a48390ee4c2a4268a0e4185884059a13c4aab6d148aa208deea4a76"
  },
  {
    version: "3.11.2",
    md5: "f6b5226ccba5ae1ca9376aaba0b0f673",
    sha256: "2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849"
  }
];
var DEFAULT_INIT_VERSION = "3.13.2";
function knownChecksumConflicts(version, given) {
  const known = KNOWN_RELEASES.find((r) => r.version === version);
  if (!known) return [];
  if (given.url !== void 0 && given.url !== (known.url ?? defaultTarballUrl(version))) return [];
  const conflicts = [];
  for (const kind of ["md5", "sha256"]) {
    const [mine, theirs] = [known[kind], given[kind]];
    if (mine && theirs && mine !== theirs) conflicts.push({ kind, given: theirs, known: mine });
  }
  return conflicts;
}

// src/cli/commands/init.ts
function schemaReference(configFile) {
  const here = dirname(fileURLToPath(import.meta.url));
  const schema = join(here, "..", "schema", "pydebug.schema.json");
  const rel = relative(dirname(configFile), schema).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}
function starterConfig(opts) {
  const checksum = [
    opts.verifiedBy ? `    # pinned by pydebug init after the Sigstore bundle proved ${opts.verifiedBy.identity} (${opts.verifiedBy.issuer}) signed the file` + (opts.verifiedBy.trustedRoot ? `, against the trusted root PYDEBUG_SIGSTORE_TRUSTED_ROOT named (${opts.verifiedBy.trustedRoot})` : "") : "",
    opts.sha256 ? `    sha256: "${opts.sha256}"` : "",
    opts.md5 ? `    md5: "${opts.md5}"` : ""
  ].filter(Boolean);
  return `# yaml-language-server: $schema=${opts.schema}
# CPython debug variants, built by \`pydebug sync\` and pinned by \`pydebug lock\` (commit both files).
python:
  - version: "${opts.version}"
${checksum.join("\n")}${opts.url && opts.url !== defaultTarballUrl(opts.version) ? `
    url: ${opts.url}` : ""}
variants:
  # --with-pydebug: Py_DEBUG, Py_REF_DEBUG (sys.gettotalrefcount), asserts, abiflag "d"
  debug:
    pydebug: true
  # + --with-trace-refs: Py_TRACE_REFS (sys.getobjects, PYTHONDUMPREFS)
  trace-refs:
    pydebug: true
    trace_refs: true
  # + --without-pymalloc --with-valgrind: every allocation visible to Valgrind
  valgrind:
    pydebug: true
    pymalloc: false
    valgrind: true
`;
}
var XZ_RELEASES = KNOWN_RELEASES.filter((r) => r.url?.endsWith(".tar.xz")).map((r) => r.version).join(", ");
var initCommand = {
  name: "init",
  summary: "write a starter pydebug.yml (the recipe's three debug variants)",
  usage: "pydebug init [version] [--sha256 <hex>] [--md5 <hex>] [--url <url>] [--force]",
  help: `
Writes pydebug.yml declaring one CPython release and three variants: debug (--with-pydebug),
trace-refs (+ --with-trace-refs) and valgrind (+ --without-pymalloc --with-valgrind).
The version defaults to ${DEFAULT_INIT_VERSION}. pydebug knows the checksums of ${KNOWN_RELEASES.map((r) => r.version).join(", ")}.
For another release without --sha256 or --md5, init downloads the file and its Sigstore bundle
(<file>.sigstore, from python.org or PYDEBUG_MIRROR), verifies offline that the release manager
of its line signed it (${[...new Set(Object.values(RELEASE_MANAGERS).map((i) => i.identity))].join(", ")}, for ${Object.keys(RELEASE_MANAGERS)[0]} to ${Object.keys(RELEASE_MANAGERS).at(-1)}),
and only then writes its SHA-256.

Options:
  --sha256 <hex>  expected SHA-256 of the tarball
  --md5 <hex>     expected MD5 of the tarball (as the recipe and older release pages give it)
  --url <url>     tarball URL (default: python.org's: the .tar.xz for ${XZ_RELEASES}, else Python-<version>.tgz)
  --force         overwrite an existing pydebug.yml

Example: pydebug init 3.13.2 --md5 6192ce4725d9c9fc0e8a1cd38410b417`,
  options: {
    sha256: { type: "string" },
    md5: { type: "string" },
    url: { type: "string" },
    force: { type: "boolean" }
  },
  operands: 1,
  async run(ctx, values, positionals) {
    const version = positionals[0] ?? DEFAULT_INIT_VERSION;
    if (!VERSION_PATTERN.test(version)) throw new UsageError(`"${version}" is not a CPython release version`, { hint: "e.g. pydebug init 3.13.2" });
    const known = KNOWN_RELEASES.find((r) => r.version === version);
    let md5 = str(values, "md5")?.toLowerCase();
    let sha256 = str(values, "sha256")?.toLowerCase();
    if (md5 !== void 0 && !MD5_PATTERN.test(md5)) throw new UsageError(`--md5 must be 32 hexadecimal digits, not "${md5}"`);
    if (sha256 !== void 0 && !SHA256_PATTERN.test(sha256)) throw new UsageError(`--sha256 must be 64 hexadecimal digits, not "${sha256}"`);
    const url = str(values, "url") ?? known?.url;
    for (const conflict of knownChecksumConflicts(version, { md5, sha256, url: str(values, "url") })) {
      const name = conflict.kind === "md5" ? "MD5" : "SHA-256";
      ctx.stderr.write(
        `warning: --${conflict.kind} ${conflict.given} is not the ${name} pydebug knows for CPython ${version} (${conflict.known}): the download will fail its checksum check unless you pass --url of another tarball
`
      );
    }
    const path = configPath(ctx, { config: str(values, "config") });
    const force = bool(values, "force");
    let verifiedBy;
    if (!md5 && !sha256) {
      if (known) {
        md5 = known.md5;
        sha256 = known.sha256;
      } else {
        const identity = releaseManagerIdentity(version);
        if (!identity) {
          throw new UsageError(`pydebug knows neither the checksum of CPython ${version} nor who signs ${version.split(".").slice(0, 2).join(".")} releases with Sigstore`, {
            hint: `pass --sha256 <hex> from https://www.python.org/downloads/release/python-${version.replace(/\./g, "")}/ (or write pydebug.yml with sigstore: {identity: <email>, issuer: <OIDC issuer URL>} on the release)`
          });
        }
        if (!force) await refuseExisting(path, ctx.cwd);
        ({ sha256, verifiedBy } = await pinBySigstore(ctx, { version, url: url ?? defaultTarballUrl(version), sigstore: identity }, bool(values, "quiet"), displayPath(path, ctx.cwd)));
      }
    }
    await writeConfig(path, starterConfig({ version, md5, sha256, url, schema: schemaReference(path), verifiedBy }), force, ctx.cwd);
    ctx.stderr.write(`wrote ${displayPath(path, ctx.cwd)}; next: pydebug lock && pydebug sync
`);
    return EXIT_OK;
  }
};
async function pinBySigstore(ctx, release, quiet, configDisplay) {
  const [{ lockSource, downloadSettingsFromEnv }, { effectiveMirror }] = await Promise.all([import("./provide-R3LHHEF6.js"), import("./mirror-IGXDKA4Z.js")]);
  const file = urlFileName(release.url);
  if (!file) throw new UsageError(`--url ${release.url} names no file`, { hint: "give the URL of the tarball itself, e.g. https://www.python.org/ftp/python/3.14.2/Python-3.14.2.tar.xz" });
  const spec = { ...release, file };
  const reporter = makeReporter(ctx, { quiet });
  try {
    const pinned = await lockSource(
      {
        store: openStore(ctx),
        projectDir: ctx.cwd,
        mirror: effectiveMirror(ctx.env.PYDEBUG_MIRROR, void 0, { cwd: ctx.cwd }),
        reporter,
        signal: ctx.interrupts.signal,
        ...downloadSettingsFromEnv(ctx.env)
      },
      spec,
      configDisplay
    );
    if (!pinned.sigstore) throw new Error("internal: a release without a checksum was pinned without its Sigstore check");
    return { sha256: pinned.sha256, verifiedBy: pinned.sigstore };
  } finally {
    reporter.close();
  }
}
async function refuseExisting(path, cwd) {
  const st = await lstat(path).catch(() => void 0);
  if (!st) return;
  const display = displayPath(path, cwd);
  if (st.isSymbolicLink()) {
    throw new UsageError(`${display} is a symbolic link (to ${await readlink(path)}); init writes only a file of its own`, { hint: "remove the link, or pass --config with another path" });
  }
  throw new UsageError(`${display} already exists`, { hint: "pass --force to overwrite it" });
}
function namedForConfig(error, path) {
  if (!isFileSystemError(error)) return error;
  return fileSystemError({ ...error, name: error.name, message: error.message, syscall: "write", path, dest: void 0 });
}
async function writeConfig(path, text, force, cwd) {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;
  const display = displayPath(path, cwd);
  const linkRefusal = async () => {
    const st = await lstat(path).catch(() => void 0);
    if (!st?.isSymbolicLink()) return void 0;
    return new UsageError(`${display} is a symbolic link (to ${await readlink(path)}); init writes only a file of its own`, {
      hint: "remove the link, or pass --config with another path"
    });
  };
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, text, { flag: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW });
  } catch (e) {
    if (e.code === "ENOENT") {
      throw new UsageError(`cannot write ${display}: the directory ${dirname(path)} does not exist`, {
        hint: `create it first (mkdir -p ${dirname(path)}), or pass --config with another path`
      });
    }
    throw namedForConfig(e, path);
  }
  try {
    if (force) {
      const refusal = await linkRefusal();
      if (refusal) throw refusal;
      await rename(tmp, path).catch((e) => {
        throw namedForConfig(e, path);
      });
      return;
    }
    try {
      await link(tmp, path);
    } catch (e) {
      const code = e.code;
      if (code === "EEXIST") throw await linkRefusal() ?? new UsageError(`${display} already exists`, { hint: "pass --force to overwrite it" });
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw e;
      try {
        await writeFile(path, text, { flag: O_WRONLY | O_CREAT | O_EXCL });
      } catch (e2) {
        if (e2.code === "EEXIST") throw await linkRefusal() ?? new UsageError(`${display} already exists`, { hint: "pass --force to overwrite it" });
        throw e2;
      }
    }
  } finally {
    await rm(tmp, { force: true });
  }
}
export {
  initCommand
};
