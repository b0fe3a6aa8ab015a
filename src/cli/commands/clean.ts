import { lstat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { removeProjectEnvs } from '../../env/project-env.js';
import { EXIT_OK } from '../../errors.js';
import { assertCleanable, cleanStore, type CleanReport, type CleanScope } from '../../store/clean.js';
import { LAYOUT_DIRS, STORE_MARK } from '../../store/store.js';
import { openStore, type CliContext } from '../context.js';
import { bool, str, type Command } from './types.js';
import { viewProject } from './shared.js';

export const cleanCommand: Command = {
  name: 'clean',
  summary: "remove this project's built entries and temporary files from the store",
  usage: 'pydebug clean [--all]',
  help: `
Removes the store entries of this project's matrix (so the next sync rebuilds them), this
project's environments (.pydebug/envs/, made again by the next \`pydebug run\`), extracted
source trees, leftover build and staging directories. Downloads and other projects' entries stay.
What a running pydebug is using (an entry it is building, its source tree, its temporary
directories) is skipped, and named.

Only a directory pydebug marked as its store (it holds ${STORE_MARK}) is cleaned, and only
pydebug's own subdirectories in it (${LAYOUT_DIRS.join('/, ')}/); symbolic links are removed as
links, never followed.

Options:
  --all   remove the whole store (PYDEBUG_HOME): every project's interpreters and all downloads`,
  options: { all: { type: 'boolean' } },
  operands: 0,
  async run(ctx, values) {
    const store = openStore(ctx);
    if (
      !(await lstat(store.root).then(
        () => true,
        () => false,
      ))
    ) {
      ctx.stderr.write(`nothing to clean: ${store.root} does not exist\n`);
      return EXIT_OK;
    }
    await assertCleanable(store);
    let scope: CleanScope = { kind: 'all' };
    if (!bool(values, 'all')) {
      const view = await viewProject(ctx, { config: str(values, 'config') });
      scope = { kind: 'entries', keys: view.entries.filter((e) => e.state.status !== 'missing').map((e) => e.planned.entryKey) };
      const envs = await removeProjectEnvs(dirname(view.cfg.path));
      if (envs) ctx.stderr.write(`removed ${envs} (this project's environments)\n`);
    }
    printReport(ctx, await cleanStore(store, scope, ctx.signal));
    return EXIT_OK;
  },
};

function printReport(ctx: CliContext, report: CleanReport): void {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  for (const { path, bytes } of report.removed) ctx.stderr.write(`removed ${path} (${mb(bytes)})\n`);
  for (const { path, why } of report.skipped) ctx.stderr.write(`skipped ${path}: ${why}\n`);
  ctx.stderr.write(`freed ${mb(report.removed.reduce((a, r) => a + r.bytes, 0))}\n`);
  if (report.skipped.length > 0) ctx.stderr.write('run `pydebug clean` again once the other pydebug has finished to remove what was skipped\n');
}
