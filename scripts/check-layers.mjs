#!/usr/bin/env node
// Holds the order of src/'s folders (CONTRIBUTING.md, "Layout and tests"): a file imports only
// from its own folder and from folders below its own, never from a peer or from above, and no
// import cycle joins files or folders. The files directly in src/ are the bottom layer: the
// contracts every folder uses. Every import counts, `import type` and `import()` too: a type
// import from above is the same tangle as a value import, only later to show.
//
//   node scripts/check-layers.mjs [dir] [--known 'from.ts -> to.ts']...
//
// dir is src/ by default. KNOWN lists the imports that still break the order there: it can only
// shrink, so one that no longer occurs fails too (take it off the list). Another dir (a test's
// planted tree) is checked against the --known edges given instead. Exits 1 with one line per
// problem.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Bottom first; folders on one line are peers (neither imports the other). */
const LAYERS = [
  ['src/*.ts'],
  ['config'],
  ['lock'],
  ['plan'],
  ['files'],
  ['platform'],
  ['store'],
  ['source'],
  ['lockfile'],
  ['env'],
  ['registry'],
  ['builder'],
  ['sync'],
  ['ui'],
  ['cli', 'action'],
  ['bin'],
];

/** Imports that break the order, as `from -> to` below src/; each is a debt to pay, never a new one. */
const KNOWN = [];

const repoSrc = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function* tsFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

/** The layer a file (relative to the root, with /) belongs to: its first folder, or src/*.ts. */
const folderOf = (file) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : 'src/*.ts');

/** The files below root each file imports (relative paths with /); imports leaving root are not counted. */
export function importsOf(root) {
  const graph = new Map();
  for (const path of tsFiles(root)) {
    const file = relative(root, path).split(sep).join('/');
    const targets = new Set();
    for (const { fileName } of ts.preProcessFile(readFileSync(path, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = relative(root, resolve(dirname(path), fileName.replace(/\.js$/, '.ts')))
        .split(sep)
        .join('/');
      if (!target.startsWith('../')) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** The cycles of a graph (Map of node to its successors), each once, as the list of its nodes. */
function cycles(graph) {
  // Tarjan's strongly connected components; a component of more than one node holds a cycle.
  let index = 0;
  const order = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), order.get(next)));
    }
    if (low.get(node) !== order.get(node)) return;
    const component = [];
    let top;
    do {
      top = stack.pop();
      onStack.delete(top);
      component.push(top);
    } while (top !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!order.has(node)) visit(node);
  return found;
}

/** Every problem in root's imports, one line each; none when the order holds. */
export function checkLayers(root, known = []) {
  const rank = new Map(LAYERS.flatMap((peers, i) => peers.map((f) => [f, i])));
  const graph = importsOf(root);
  const problems = [];
  const unlisted = new Set();
  for (const file of graph.keys()) {
    const folder = folderOf(file);
    if (!rank.has(folder) && !unlisted.has(folder)) {
      unlisted.add(folder);
      problems.push(`${folder}/ is in no layer: add it to LAYERS in scripts/check-layers.mjs, and to CONTRIBUTING.md's layout`);
    }
  }
  const used = new Set();
  const folders = new Map();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    for (const target of targets) {
      const to = folderOf(target);
      if (from === to) continue;
      if (!folders.has(from)) folders.set(from, new Set());
      folders.get(from).add(to);
      if (!rank.has(from) || !rank.has(to) || rank.get(to) < rank.get(from)) continue;
      const edge = `${file} -> ${target}`;
      if (known.includes(edge)) {
        used.add(edge);
        continue;
      }
      const why = rank.get(to) === rank.get(from) ? `${to}/ is a peer of ${from}/` : `${to}/ is above ${from}/`;
      problems.push(`${edge}: ${why}`);
    }
  }
  for (const edge of known) if (!used.has(edge)) problems.push(`${edge} is in KNOWN but no longer breaks the order: take it off the list`);
  for (const cycle of cycles(graph)) problems.push(`import cycle between files: ${cycle.join(', ')}`);
  const folderGraph = new Map([...folders].map(([f, to]) => [f, [...to]]));
  for (const cycle of cycles(folderGraph)) problems.push(`import cycle between folders: ${cycle.join(', ')}`);
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const known = [];
  for (let at = args.indexOf('--known'); at !== -1; at = args.indexOf('--known')) known.push(...args.splice(at, 2).slice(1));
  const root = resolve(args[0] ?? repoSrc);
  const problems = checkLayers(root, root === repoSrc ? KNOWN : known);
  for (const p of problems) process.stderr.write(`check-layers: ${p}\n`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
