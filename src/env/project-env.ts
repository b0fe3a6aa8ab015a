/**
 * A project's own environment for each matrix entry: a venv made from the store interpreter,
 * under <project>/.pydebug/envs/<id>/. Store entries are shared by every project using the store
 * and verified by hash, so nothing may be installed into them; `pydebug run` runs here instead,
 * with the venv's python, python3, pip and pip3 first on PATH.
 *
 * setuptools builds in <source>/build/ by default, and that directory is named by SOABI only:
 * variants with the same SOABI but another ABI (trace-refs on 3.8-3.12) or other macros would
 * reuse each other's objects. Each environment therefore carries a setuptools config file
 * (DIST_EXTRA_CONFIG) that moves the build directory into the environment.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InterruptedError, PydebugError } from '../errors.js';
import { assertInside, removeInside } from '../files/contained.js';
import { existsNoFollow } from '../files/exists.js';
import { diskFullError, isDiskFull } from '../files/fs-error.js';
import { readTextFile } from '../files/read-text.js';
import { segmentProblem } from '../paths.js';
import { withMutex } from '../store/mutex.js';

/** pydebug's directory in a project (beside pydebug.yml), ignored by git. */
const PROJECT_DATA_DIR = '.pydebug';
const RECORD_FILE = 'pydebug-env.json';
const SETUPTOOLS_CONFIG_FILE = 'pydebug-setuptools.cfg';

export interface ProjectEnv {
  /** The venv's directory. */
  dir: string;
  bin: string;
  python: string;
  /** The setuptools config that keeps this entry's build directory apart (DIST_EXTRA_CONFIG). */
  setuptoolsConfig: string;
  /** True when this call made the environment. */
  created: boolean;
}

/** What an environment was made from: it is made again when the store entry changes. */
interface EnvRecord {
  /** The entry key it was made from (`key` in records written before entry format 4's names: read too). */
  entry_key: string;
  base_python: string;
  /** The store interpreter's stat when the environment was made (device, inode, size, mtime): a changed file is another interpreter. */
  interpreter?: string;
}

export interface EnvSource {
  /** The entry id, "<version>-<variant>": the environment's directory name. */
  id: string;
  /** The entry key of the store entry the environment is made from. */
  entryKey: string;
  /** The store interpreter. */
  python: string;
  /** The runtime env of the variant (sanitizer options): the interpreter runs to make the venv. */
  env: Record<string, string>;
}

function projectDataDir(projectDir: string): string {
  return join(projectDir, PROJECT_DATA_DIR);
}

export function envsRoot(projectDir: string): string {
  return join(projectDataDir(projectDir), 'envs');
}

async function envDirFor(projectDir: string, id: string): Promise<string> {
  const problem = segmentProblem(id);
  if (problem) throw new PydebugError(`cannot make an environment for "${id}": ${problem}`);
  // Rooted at the project itself: a .pydebug/ or envs/ that is a link out of the project is refused.
  return assertInside(projectDir, join(envsRoot(projectDir), id), 'a project environment');
}

/** Why an environment is not usable as it stands: `tampered` says what in it is not the entry's (then pydebug says so). */
type EnvCheck = { current: true } | { current: false; tampered?: string };

function layout(dir: string): Omit<ProjectEnv, 'created'> {
  const bin = join(dir, 'bin');
  return { dir, bin, python: join(bin, 'python'), setuptoolsConfig: join(dir, SETUPTOOLS_CONFIG_FILE) };
}

async function readRecord(dir: string): Promise<EnvRecord | undefined> {
  try {
    const data = JSON.parse(await readTextFile(join(dir, RECORD_FILE), 64 * 1024)) as (Partial<EnvRecord> & { key?: unknown }) | null;
    const entryKey = data?.entry_key ?? data?.key;
    if (typeof entryKey === 'string' && typeof data?.base_python === 'string') {
      return { entry_key: entryKey, base_python: data.base_python, ...(typeof data.interpreter === 'string' ? { interpreter: data.interpreter } : {}) };
    }
  } catch {
    // missing or unreadable: the environment is made again
  }
  return undefined;
}

function interpreterStamp(python: string): string {
  const st = statSync(python, { bigint: true });
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
}

/** What `look` finds, or undefined when it throws. checkEnv's looks are synchronous: files/exists.ts says why. */
function orUndefined<T>(look: () => T): T | undefined {
  try {
    return look();
  } catch {
    return undefined;
  }
}
const realpathOf = (path: string) => orUndefined(() => realpathSync.native(path));

/** The `home = ...` line of a venv's pyvenv.cfg: where Python takes sys.base_prefix from. */
export function pyvenvHome(cfg: string): string | undefined {
  return /^\s*home\s*=\s*(.*?)\s*$/m.exec(cfg)?.[1];
}

/**
 * Usable when it was made from this very entry and is still that entry's: every python* in its
 * bin/ resolves to the entry's interpreter, pyvenv.cfg's home is the entry's bin/ (a `home` moved
 * elsewhere moves sys.base_prefix, and the standard library with it), and the interpreter is the
 * file it was when the environment was made. The project directory is the user's, anything may
 * have changed there; what is not the entry's is made again, never run.
 */
async function checkEnv(dir: string, source: EnvSource): Promise<EnvCheck> {
  const record = await readRecord(dir);
  if (record === undefined || record.entry_key !== source.entryKey || record.base_python !== source.python) return { current: false };
  const interpreter = realpathOf(source.python);
  // The entry's own interpreter is gone: the store's check says why; the environment is made again.
  if (!interpreter) return { current: false };
  const { bin, python } = layout(dir);
  const names = orUndefined(() => readdirSync(bin)) ?? [];
  if (!names.includes('python')) return { current: false, tampered: 'its bin/python is missing' };
  for (const name of names.filter((n) => /^python[\d.]*t?$/.test(n))) {
    const target = realpathOf(join(bin, name));
    if (target === undefined) return { current: false, tampered: `its bin/${name} is a broken link` };
    if (target !== interpreter) return { current: false, tampered: `its bin/${name} is ${target}, not the entry's interpreter ${interpreter}` };
  }
  const cfg = await readTextFile(join(dir, 'pyvenv.cfg'), 64 * 1024).catch(() => undefined);
  const home = cfg === undefined ? undefined : pyvenvHome(cfg);
  const entryBin = dirname(source.python);
  if (home === undefined) return { current: false, tampered: 'its pyvenv.cfg has no home' };
  if (home !== entryBin && realpathOf(home) !== realpathOf(entryBin)) {
    return { current: false, tampered: `its pyvenv.cfg says home = ${home}, not the entry's ${entryBin}` };
  }
  if (record.interpreter !== interpreterStamp(interpreter)) return { current: false, tampered: record.interpreter ? "the entry's interpreter changed since it was made" : undefined };
  // stat follows the venv's link to the store interpreter: a link left dangling is not current.
  return orUndefined(() => statSync(python)) ? { current: true } : { current: false };
}

export interface EnsureOptions {
  signal?: AbortSignal | undefined;
  /** Called before (re)making; `tampered` says what in the existing environment was not the entry's. */
  onCreate?: (dir: string, tampered?: string) => void;
}

/** The project environment of an entry, made (or made again) when it is missing, stale or not the entry's. */
export async function ensureProjectEnv(projectDir: string, source: EnvSource, options: EnsureOptions = {}): Promise<ProjectEnv> {
  const dir = await envDirFor(projectDir, source.id);
  if ((await checkEnv(dir, source)).current) return { ...layout(dir), created: false };
  await ensureProjectDataDir(projectDir);
  await mkdir(envsRoot(projectDir), { recursive: true });
  return withMutex(join(envsRoot(projectDir), `.${source.id}.lock`), { purpose: `making the environment of ${source.id}`, signal: options.signal }, async () => {
    // Another pydebug may have made it while this one waited.
    const check = await checkEnv(dir, source);
    if (check.current) return { ...layout(dir), created: false };
    options.onCreate?.(dir, check.tampered);
    await removeInside(projectDir, dir, 'a stale project environment');
    const env = layout(dir);
    try {
      await makeVenv(dir, source, options.signal);
      await writeFile(env.setuptoolsConfig, setuptoolsConfig(dir));
      // Written last: an environment whose making was interrupted has no record and is made again.
      const record: EnvRecord = { entry_key: source.entryKey, base_python: source.python, interpreter: interpreterStamp(source.python) };
      await writeFile(join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    } catch (e) {
      await removeInside(projectDir, dir, 'a half-made project environment');
      // The project's disk is full, not the store damaged: name the project's file system.
      if (isDiskFull(e)) throw diskFullError(e as NodeJS.ErrnoException, dir, 'the half-made environment was removed');
      throw e;
    }
    return { ...env, created: true };
  });
}

/** [build] build_base inside the environment: every build directory setuptools makes goes there. */
export function setuptoolsConfig(envDir: string): string {
  return `# Written by pydebug: this environment's own setuptools build directory, so that variants\n# with the same SOABI never share compiled objects.\n[build]\nbuild_base = ${join(envDir, 'build')}\n`;
}

/**
 * `python -m venv` without pip, then the store's own site-packages (what ensurepip installed at
 * build time: pip, setuptools) copied in, .pyc files and all, with pip's launchers. Letting venv
 * run ensurepip instead unpacks and byte-compiles the same wheels under a debug interpreter:
 * about 9 s against well under one. A store entry without pip gets ensurepip after all.
 */
async function makeVenv(dir: string, source: EnvSource, signal: AbortSignal | undefined): Promise<void> {
  await runPython(source, ['-m', 'venv', '--without-pip', dir], signal, `${source.python} -m venv --without-pip ${dir}`);
  const paths = await runPython(source, ['-c', SITE_PACKAGES_SCRIPT, dir], signal, `${source.python} (site-packages of ${dir})`);
  const [base, env, short] = JSON.parse(paths) as [string, string, string];
  const names = await bundledPackages(base);
  if (!names.includes('pip')) {
    await runPython({ ...source, python: join(dir, 'bin', 'python') }, ['-m', 'ensurepip', '--default-pip'], signal, `${dir}/bin/python -m ensurepip`);
    return;
  }
  for (const name of names) {
    await cp(await assertInside(base, join(base, name), 'a package of the store entry'), await assertInside(dir, join(env, name), 'a package copied into a project environment'), {
      recursive: true,
      preserveTimestamps: true,
      verbatimSymlinks: true,
    });
  }
  const python = join(dir, 'bin', 'python');
  for (const launcher of ['pip', 'pip3', `pip${short}`]) {
    await writeFile(join(dir, 'bin', launcher), pipLauncher(python), { mode: 0o755 });
  }
}

/**
 * What ensurepip put in site-packages: the top-level names that pip's and setuptools' RECORD
 * files list (pip/, setuptools/, pkg_resources/, _distutils_hack/, distutils-precedence.pth and
 * the .dist-info directories), and nothing else that may be there.
 */
async function bundledPackages(sitepackages: string): Promise<string[]> {
  const dists = (await readdir(sitepackages).catch(() => [] as string[])).filter((n) => /^(pip|setuptools)-[^/]+\.dist-info$/.test(n));
  const names = new Set<string>(dists);
  for (const dist of dists) {
    const record = await readTextFile(join(sitepackages, dist, 'RECORD'), 4 * 1024 * 1024).catch(() => '');
    for (const line of record.split('\n')) {
      const top = line.split(',')[0]?.split('/')[0];
      if (top && top !== '..' && top !== '.' && !segmentProblem(top)) names.add(top);
    }
  }
  return [...names].sort();
}

/** The store's site-packages, the environment's, and "3.X" (for pip3.X), from the interpreter itself. */
const SITE_PACKAGES_SCRIPT = `import json, sys, sysconfig
env = sys.argv[1]
print(json.dumps([sysconfig.get_path("purelib"), sysconfig.get_path("purelib", vars={"base": env, "platbase": env}), "%d.%d" % sys.version_info[:2]]))`;

/** What pip itself writes as its console script. */
function pipLauncher(python: string): string {
  return `#!${python}\n# -*- coding: utf-8 -*-\n# Written by pydebug, as pip writes it.\nimport re\nimport sys\nfrom pip._internal.cli.main import main\nif __name__ == "__main__":\n    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])\n    sys.exit(main())\n`;
}

/** What Python prints for ENOSPC (errno 28) and EDQUOT (122), as an OSError or from the C library. */
const DISK_FULL_OUTPUT = /\[Errno (28|122)\][^\n]*|No space left on device|Disk quota exceeded/;

async function runPython(source: EnvSource, args: string[], signal: AbortSignal | undefined, what: string): Promise<string> {
  // Loaded when an environment is made, not by every `run` that finds one.
  const { execa } = await import('execa');
  const r = await execa(source.python, args, {
    env: { ...source.env, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    extendEnv: false,
    reject: false,
    all: true,
    cancelSignal: signal,
  });
  // Ctrl-C reaches the venv's python too (it shares pydebug's process group): an interrupt either way.
  if (r.isCanceled || signal?.aborted || r.signal === 'SIGINT') throw new InterruptedError();
  const full = r.exitCode === 0 ? undefined : DISK_FULL_OUTPUT.exec(String(r.all ?? ''));
  if (full) throw Object.assign(new Error(`${what}: ${full[0]}`), { code: full[1] === '122' || /quota/i.test(full[0]) ? 'EDQUOT' : 'ENOSPC' });
  if (r.exitCode !== 0) {
    throw new PydebugError(
      `${source.id}: could not make its environment (${what}, exit ${r.exitCode ?? r.signal}):\n${String(r.all ?? '')
        .trim()
        .split('\n')
        .slice(-15)
        .join('\n')}`,
      {
        hint: 'the store interpreter could not run venv; `pydebug list` checks the entry, and `pydebug sync` rebuilds a damaged one',
      },
    );
  }
  return String(r.stdout);
}

/** .pydebug/ with a .gitignore that ignores all of it, as pytest and mypy do with their caches. */
async function ensureProjectDataDir(projectDir: string): Promise<void> {
  const dir = projectDataDir(projectDir);
  await mkdir(dir, { recursive: true });
  const gitignore = join(dir, '.gitignore');
  await writeFile(gitignore, '# Written by pydebug: its per-project environments, never committed.\n*\n', { flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code === 'EEXIST') return;
    if (isDiskFull(e)) {
      // An empty .gitignore, cut short, would stay and let git see the environments.
      await removeInside(projectDir, gitignore, 'a cut-short .gitignore');
      throw diskFullError(e, gitignore, 'no environment was made');
    }
    throw e;
  });
}

/** Removes the project's environments (pydebug clean); returns the directory removed, if any. */
export async function removeProjectEnvs(projectDir: string): Promise<string | undefined> {
  const root = envsRoot(projectDir);
  if (!(await existsNoFollow(root))) return undefined;
  await removeInside(projectDir, root, 'the project environments');
  return root;
}
