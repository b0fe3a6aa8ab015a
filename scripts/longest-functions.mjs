#!/usr/bin/env node
// The longest functions in src/ (or the directories given), by lines from the first line of the
// declaration to its closing brace: function declarations and expressions, methods, accessors,
// constructors and arrow functions with a block body. A nested function is counted on its own
// and inside its parent. Used for the code-health notes (issue 14): run it before and after.
//
//   node scripts/longest-functions.mjs [--top N] [dir-or-file...]

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt === -1 ? 10 : Number(args.splice(topAt, 2)[1]);
const targets = (args.length > 0 ? args : ['src']).map((a) => resolve(root, a));

function* tsFiles(path) {
  if (statSync(path).isFile()) {
    if (path.endsWith('.ts') && !path.endsWith('.d.ts')) yield path;
    return;
  }
  for (const name of readdirSync(path).sort()) yield* tsFiles(join(path, name));
}

/** A readable name: the function's own, else what it is assigned to or passed as. */
function nameOf(node) {
  const own = node.name && ts.isIdentifier(node.name) ? node.name.text : node.name?.getText();
  const parent = node.parent;
  if (ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
    const cls = parent && (ts.isClassDeclaration(parent) || ts.isClassExpression(parent)) ? parent.name?.text : undefined;
    const member = ts.isConstructorDeclaration(node) ? 'constructor' : own;
    return cls ? `${cls}.${member}` : member;
  }
  if (own) return own;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  if (ts.isCallExpression(parent)) return `<callback of ${parent.expression.getText().slice(0, 40)}>`;
  return '<anonymous>';
}

const found = [];
for (const target of targets) {
  for (const file of tsFiles(target)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      const isFunction =
        ts.isFunctionDeclaration(node) ||
        ts.isFunctionExpression(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isConstructorDeclaration(node) ||
        ts.isGetAccessor(node) ||
        ts.isSetAccessor(node) ||
        (ts.isArrowFunction(node) && ts.isBlock(node.body));
      if (isFunction && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
        found.push({ lines: end - start + 1, where: `${relative(root, file)}:${start}`, name: nameOf(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

found.sort((a, b) => b.lines - a.lines || a.where.localeCompare(b.where));
for (const f of found.slice(0, top)) console.log(`${String(f.lines).padStart(4)}  ${f.name}  ${f.where}`);
