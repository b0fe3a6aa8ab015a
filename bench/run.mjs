#!/usr/bin/env node

// Runs a TypeScript bench script (bench/<name>.ts): bundled with esbuild to a temporary module,
// then imported, so benches share code with the tests without a TypeScript runtime.
//   node bench/run.mjs sync [options]

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [name = 'sync', ...args] = process.argv.slice(2);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository, so the bundle's imports resolve from node_modules.
await mkdir(join(root, 'bench', '.build'), { recursive: true });
const dir = await mkdtemp(join(root, 'bench', '.build', `${name}-`));
const out = join(dir, `${name}.mjs`);
await build({
  absWorkingDir: root,
  entryPoints: [join('bench', `${name}.ts`)],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
process.argv = [process.argv[0], out, ...args];
process.env.PYDEBUG_REPO_ROOT ??= root;
try {
  const mod = await import(pathToFileURL(out).href);
  await mod.main(args);
} finally {
  await rm(dir, { recursive: true, force: true });
}
