#!/usr/bin/env node

// Builds what is committed: dist/ (the CLI bundle and the Action's main and post bundles) and
// schema/pydebug.schema.json (generated from the zod schema). `--out <dir>` writes elsewhere,
// which the check-dist test uses to compare a fresh build with the committed files.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = outIndex === -1 ? root : resolve(process.argv[outIndex + 1]);

export const ENTRIES = {
  cli: 'src/bin/launch.ts',
  'action/main': 'src/bin/action-main.ts',
  'action/post': 'src/bin/action-post.ts',
};

// ESM bundles that pull in CommonJS dependencies need require() and friends.
const banner = ["import { createRequire as __pydebugCreateRequire } from 'node:module';", 'const require = __pydebugCreateRequire(import.meta.url);'].join('\n');

// Which sources this build is of: a hash of src/ and the package files, so that a record one
// build wrote (lock verdicts, src/files/lock-verdict.ts) is not taken by another build that shares
// its version number (a checkout between releases).
async function buildId() {
  const hash = createHash('sha256');
  const files = (await readdir(join(root, 'src'), { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of [...files, join(root, 'package.json'), join(root, 'package-lock.json')]) {
    hash.update(`${file.slice(root.length)}\0`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 32);
}

const common = {
  define: { __PYDEBUG_BUILD__: JSON.stringify(await buildId()) },
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  outExtension: { '.js': '.js' },
  banner: { js: banner },
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
};

/**
 * What `run` and `which` need, loaded as one chunk. esbuild puts each module in the chunk of the
 * set of entry points that reach it, and every lazy import is an entry point (the commands, the
 * schemas, execa, the source and registry code): the 69 modules `run` needs were reachable from
 * 34 different sets, so loaded from 34 files, about half a millisecond each. The plugin below
 * makes every lazy module also import these (a bare import of modules the CLI has loaded before
 * any lazy module: it runs nothing again), so they share one set and one chunk. Held by
 * test/package.test.ts ("run and which load from six files at most").
 */
const CORE = ['src/cli/commands/run.ts', 'src/cli/commands/which.ts'];
const CORE_MODULE = 'pydebug:core';

/** The modules of src/ that something imports lazily (`await import(...)`), by absolute path. */
async function lazyModules(options) {
  const { metafile } = await build({ ...options, write: false, metafile: true, logLevel: 'silent' });
  const lazy = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const i of input.imports) if (i.kind === 'dynamic-import' && i.path.startsWith('src/')) lazy.add(resolve(root, i.path));
  }
  return lazy;
}

function oneCoreChunk(lazy) {
  return {
    name: 'one-core-chunk',
    setup(b) {
      b.onResolve({ filter: /^pydebug:core$/ }, () => ({ path: CORE_MODULE, namespace: 'pydebug-core' }));
      b.onLoad({ filter: /.*/, namespace: 'pydebug-core' }, () => ({
        contents: CORE.map((f) => `import ${JSON.stringify(resolve(root, f))};`).join('\n'),
        loader: 'js',
        resolveDir: root,
      }));
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!lazy.has(args.path)) return undefined;
        return { contents: `${await readFile(args.path, 'utf8')}\nimport '${CORE_MODULE}';\n`, loader: 'ts' };
      });
    },
  };
}

await rm(join(out, 'dist'), { recursive: true, force: true });
// The CLI in chunks: the launcher turns on the compile cache before the rest is loaded, and a
// command loads only the modules it imports (dynamic imports become chunks of their own), with
// what `run` and `which` need in one chunk (CORE).
const cli = { ...common, entryPoints: { cli: ENTRIES.cli }, outdir: join(out, 'dist'), splitting: true, chunkNames: 'chunks/[name]-[hash]' };
await build({ ...cli, plugins: [oneCoreChunk(await lazyModules(cli))] });
// The Action's main and post runs are one file each, as the runner loads them.
await build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).filter(([name]) => name !== 'cli')),
  outdir: join(out, 'dist'),
  splitting: false,
});

// The JSON schema, from the zod schema (bundled to a temporary module, then imported).
const tmp = join(out, '.schema-build.mjs');
await build({ absWorkingDir: root, entryPoints: ['src/config/schema.ts'], outfile: tmp, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
try {
  const { configJsonSchema } = await import(pathToFileURL(tmp).href);
  await mkdir(join(out, 'schema'), { recursive: true });
  await writeFile(join(out, 'schema', 'pydebug.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
} finally {
  await rm(tmp, { force: true });
}
