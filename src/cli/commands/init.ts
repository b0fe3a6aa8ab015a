import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReleaseSourceSpec } from '../../config/project.js';
import { DEFAULT_INIT_VERSION, KNOWN_RELEASES, knownChecksumConflicts } from '../../config/releases.js';
import { MD5_PATTERN, SHA256_PATTERN, VERSION_PATTERN } from '../../config/schema.js';
import { RELEASE_MANAGERS, releaseManagerIdentity, type SigstoreIdentity } from '../../config/sigstore-identities.js';
import { defaultTarballUrl, urlFileName } from '../../config/url.js';
import { EXIT_OK, UsageError } from '../../errors.js';
import { displayPath } from '../../files/config-file.js';
import { fileSystemError, isFileSystemError } from '../../files/fs-error.js';
import type { CliContext } from '../context.js';
import { configPath, makeReporter, openStore } from '../context.js';
import { bool, type Command, str } from './types.js';

/** Where editors find the schema: the copy shipped with this pydebug, relative to the config. */
function schemaReference(configFile: string): string {
  // dist/cli.js → ../schema/pydebug.schema.json (the bundle lives in dist/).
  const here = dirname(fileURLToPath(import.meta.url));
  const schema = join(here, '..', 'schema', 'pydebug.schema.json');
  const rel = relative(dirname(configFile), schema).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function starterConfig(opts: {
  version: string;
  md5?: string | undefined;
  sha256?: string | undefined;
  url?: string | undefined;
  schema: string;
  verifiedBy?: (SigstoreIdentity & { trustedRoot?: string | undefined }) | undefined;
}): string {
  // Quoted: an all-digit checksum would otherwise read as a YAML number.
  const checksum = [
    opts.verifiedBy
      ? `    # pinned by pydebug init after the Sigstore bundle proved ${opts.verifiedBy.identity} (${opts.verifiedBy.issuer}) signed the file` +
        (opts.verifiedBy.trustedRoot ? `, against the trusted root PYDEBUG_SIGSTORE_TRUSTED_ROOT named (${opts.verifiedBy.trustedRoot})` : '')
      : '',
    opts.sha256 ? `    sha256: "${opts.sha256}"` : '',
    opts.md5 ? `    md5: "${opts.md5}"` : '',
  ].filter(Boolean);
  return `# yaml-language-server: $schema=${opts.schema}
# CPython debug variants, built by \`pydebug sync\` and pinned by \`pydebug lock\` (commit both files).
python:
  - version: "${opts.version}"
${checksum.join('\n')}${opts.url && opts.url !== defaultTarballUrl(opts.version) ? `\n    url: ${opts.url}` : ''}
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

/** The releases whose pinned tarball is python.org's .tar.xz (init writes its url), for --help. */
const XZ_RELEASES = KNOWN_RELEASES.filter((r) => r.url?.endsWith('.tar.xz'))
  .map((r) => r.version)
  .join(', ');

export const initCommand: Command = {
  name: 'init',
  summary: "write a starter pydebug.yml (the recipe's three debug variants)",
  usage: 'pydebug init [version] [--sha256 <hex>] [--md5 <hex>] [--url <url>] [--force]',
  help: `
Writes pydebug.yml declaring one CPython release and three variants: debug (--with-pydebug),
trace-refs (+ --with-trace-refs) and valgrind (+ --without-pymalloc --with-valgrind).
The version defaults to ${DEFAULT_INIT_VERSION}. pydebug knows the checksums of ${KNOWN_RELEASES.map((r) => r.version).join(', ')}.
For another release without --sha256 or --md5, init downloads the file and its Sigstore bundle
(<file>.sigstore, from python.org or PYDEBUG_MIRROR), verifies offline that the release manager
of its line signed it (${[...new Set(Object.values(RELEASE_MANAGERS).map((i) => i.identity))].join(', ')}, for ${Object.keys(RELEASE_MANAGERS)[0]} to ${Object.keys(RELEASE_MANAGERS).at(-1)}),
and only then writes its SHA-256.

Options:
  --sha256 <hex>  expected SHA-256 of the tarball
  --md5 <hex>     expected MD5 of the tarball (as the recipe and older release pages give it)
  --url <url>     tarball URL (default: python.org's: the .tar.xz for ${XZ_RELEASES}, else Python-<version>.tgz)
  --force         overwrite an existing pydebug.yml

Example: pydebug init 3.13.2 --md5 6192ce4725d9c9fc0e8a1cd38410b417`,
  options: {
    sha256: { type: 'string' },
    md5: { type: 'string' },
    url: { type: 'string' },
    force: { type: 'boolean' },
  },
  operands: 1,
  async run(ctx, values, positionals) {
    const version = positionals[0] ?? DEFAULT_INIT_VERSION;
    if (!VERSION_PATTERN.test(version)) throw new UsageError(`"${version}" is not a CPython release version`, { hint: 'e.g. pydebug init 3.13.2' });
    const known = KNOWN_RELEASES.find((r) => r.version === version);
    let md5 = str(values, 'md5')?.toLowerCase();
    let sha256 = str(values, 'sha256')?.toLowerCase();
    if (md5 !== undefined && !MD5_PATTERN.test(md5)) throw new UsageError(`--md5 must be 32 hexadecimal digits, not "${md5}"`);
    if (sha256 !== undefined && !SHA256_PATTERN.test(sha256)) throw new UsageError(`--sha256 must be 64 hexadecimal digits, not "${sha256}"`);
    const url = str(values, 'url') ?? known?.url;
    for (const conflict of knownChecksumConflicts(version, { md5, sha256, url: str(values, 'url') })) {
      const name = conflict.kind === 'md5' ? 'MD5' : 'SHA-256';
      ctx.stderr.write(
        `warning: --${conflict.kind} ${conflict.given} is not the ${name} pydebug knows for CPython ${version} (${conflict.known}): ` +
          `the download will fail its checksum check unless you pass --url of another tarball\n`,
      );
    }
    const path = configPath(ctx, { config: str(values, 'config') });
    const force = bool(values, 'force');
    let verifiedBy: (SigstoreIdentity & { trustedRoot?: string | undefined }) | undefined;
    if (!md5 && !sha256) {
      if (known) {
        md5 = known.md5;
        sha256 = known.sha256;
      } else {
        const identity = releaseManagerIdentity(version);
        if (!identity) {
          throw new UsageError(`pydebug knows neither the checksum of CPython ${version} nor who signs ${version.split('.').slice(0, 2).join('.')} releases with Sigstore`, {
            hint: `pass --sha256 <hex> from https://www.python.org/downloads/release/python-${version.replace(/\./g, '')}/ (or write pydebug.yml with sigstore: {identity: <email>, issuer: <OIDC issuer URL>} on the release)`,
          });
        }
        // Refused before the download, not after it: the file is not written over.
        if (!force) await refuseExisting(path, ctx.cwd);
        ({ sha256, verifiedBy } = await pinBySigstore(ctx, { version, url: url ?? defaultTarballUrl(version), sigstore: identity }, bool(values, 'quiet'), displayPath(path, ctx.cwd)));
      }
    }
    await writeConfig(path, starterConfig({ version, md5, sha256, url, schema: schemaReference(path), verifiedBy }), force, ctx.cwd);
    ctx.stderr.write(`wrote ${displayPath(path, ctx.cwd)}; next: pydebug lock && pydebug sync\n`);
    return EXIT_OK;
  },
};

/**
 * Downloads the release file and its Sigstore bundle into the store's download cache (where
 * `pydebug lock` finds the file again), verifies that `sigstore` signed it, and returns its
 * SHA-256. The downloader and the Sigstore code load only here.
 */
async function pinBySigstore(
  ctx: CliContext,
  release: { version: string; url: string; sigstore: SigstoreIdentity },
  quiet: boolean,
  configDisplay: string,
): Promise<{ sha256: string; verifiedBy: SigstoreIdentity & { trustedRoot?: string | undefined } }> {
  const [{ lockSource, downloadSettingsFromEnv }, { effectiveMirror }] = await Promise.all([import('../../source/provide.js'), import('../../source/mirror.js')]);
  const file = urlFileName(release.url);
  if (!file) throw new UsageError(`--url ${release.url} names no file`, { hint: 'give the URL of the tarball itself, e.g. https://www.python.org/ftp/python/3.14.2/Python-3.14.2.tar.xz' });
  const spec: ReleaseSourceSpec = { ...release, file };
  const reporter = makeReporter(ctx, { quiet });
  try {
    const pinned = await lockSource(
      {
        store: openStore(ctx),
        projectDir: ctx.cwd,
        mirror: effectiveMirror(ctx.env.PYDEBUG_MIRROR, undefined, { cwd: ctx.cwd }),
        reporter,
        signal: ctx.interrupts.signal,
        ...downloadSettingsFromEnv(ctx.env),
      },
      spec,
      configDisplay,
    );
    if (!pinned.sigstore) throw new Error('internal: a release without a checksum was pinned without its Sigstore check');
    return { sha256: pinned.sha256, verifiedBy: pinned.sigstore };
  } finally {
    reporter.close();
  }
}

/** The error writeConfig would give for an existing pydebug.yml (or a link there) without --force. */
async function refuseExisting(path: string, cwd: string): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return;
  const display = displayPath(path, cwd);
  if (st.isSymbolicLink()) {
    throw new UsageError(`${display} is a symbolic link (to ${await readlink(path)}); init writes only a file of its own`, { hint: 'remove the link, or pass --config with another path' });
  }
  throw new UsageError(`${display} already exists`, { hint: 'pass --force to overwrite it' });
}

/** A file-system error met on the temporary file or the rename, told as writing the user's path. */
function namedForConfig(error: unknown, path: string): unknown {
  if (!isFileSystemError(error)) return error;
  return fileSystemError({ ...error, name: error.name, message: error.message, syscall: 'write', path, dest: undefined });
}

/**
 * Writes pydebug.yml as a new file renamed (or, without --force, hard-linked) into place, never
 * through what is there: not through a symbolic link (dangling or not), which would create or
 * overwrite a file somewhere else, and not into an existing file, whose other hard links would
 * all change and which a failed write would leave cut short. Without --force, link() refuses an
 * existing name (a link included) in the same call that makes the file appear, complete.
 */
async function writeConfig(path: string, text: string, force: boolean, cwd: string): Promise<void> {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;
  const display = displayPath(path, cwd);
  const linkRefusal = async () => {
    const st = await lstat(path).catch(() => undefined);
    if (!st?.isSymbolicLink()) return undefined;
    return new UsageError(`${display} is a symbolic link (to ${await readlink(path)}); init writes only a file of its own`, {
      hint: 'remove the link, or pass --config with another path',
    });
  };
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { flag: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`cannot write ${display}: the directory ${dirname(path)} does not exist`, {
        hint: `create it first (mkdir -p ${dirname(path)}), or pass --config with another path`,
      });
    }
    throw namedForConfig(e, path);
  }
  try {
    if (force) {
      // A link put there after this check is replaced by the rename, never written through.
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
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw (await linkRefusal()) ?? new UsageError(`${display} already exists`, { hint: 'pass --force to overwrite it' });
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
      // A file system without hard links: create the name exclusively and write it there.
      try {
        await writeFile(path, text, { flag: O_WRONLY | O_CREAT | O_EXCL });
      } catch (e2) {
        if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') throw (await linkRefusal()) ?? new UsageError(`${display} already exists`, { hint: 'pass --force to overwrite it' });
        throw e2;
      }
    }
  } finally {
    await rm(tmp, { force: true });
  }
}
