import { closest } from '../../config/suggest.js';
import { EXIT_OK, PydebugError, UsageError } from '../../errors.js';
import { RegistryClient } from '../../registry/client.js';
import { type PushResult, pushEntry } from '../../registry/push.js';
import { effectiveRegistry, registryCredentials } from '../../registry/reference.js';
import { type ProjectView, viewProject, warnIfStale } from './shared.js';
import { bool, type Command, str } from './types.js';

export const pushCommand: Command = {
  name: 'push',
  summary: 'push built entries to the OCI registry (registry: in pydebug.yml)',
  usage: 'pydebug push [<variant or id>...] [--json]',
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
  options: { json: { type: 'boolean' } },
  operands: 1000,
  async run(ctx, values, positionals) {
    const view = await viewProject(ctx, { config: str(values, 'config') });
    const registry = effectiveRegistry(ctx.env, view.cfg.projectConfig.registry);
    if (!registry) {
      throw new UsageError(`no registry to push to: ${view.cfg.display} has no registry: and PYDEBUG_REGISTRY is not set`, {
        hint: 'add registry: ghcr.io/<owner>/<name> to pydebug.yml (or set PYDEBUG_REGISTRY)',
      });
    }
    warnIfStale(ctx, view);
    const selected = selectEntries(view, positionals);
    const credentials = registryCredentials(ctx.env);
    if (!credentials) {
      throw new UsageError(`pushing to ${registry.display} needs credentials: PYDEBUG_REGISTRY_TOKEN is not set`, {
        hint: 'set PYDEBUG_REGISTRY_TOKEN to a token that may write the repository (ghcr.io: write:packages, or the workflow token with packages: write); PYDEBUG_REGISTRY_USER names the user when the registry needs one',
      });
    }
    const client = new RegistryClient(registry, { credentials, signal: ctx.interrupts.signal });
    const results: PushResult[] = [];
    for (const entry of selected) {
      const state = await view.store.readEntry(entry.planned.entryKey, { everyFile: true });
      if (state.status !== 'ok') {
        const why = state.status === 'damaged' ? `its store entry is damaged (${state.reason})` : 'it is not built';
        throw new PydebugError(`${entry.planned.id} was not pushed: ${why}`, { hint: `run \`pydebug sync --variant ${entry.planned.build.variant} --python ${entry.planned.build.source}\`` });
      }
      const result = await pushEntry(
        client,
        view.store,
        { id: entry.planned.id, entryKey: entry.planned.entryKey, build: entry.planned.build, source: entry.planned.source, manifest: state.manifest },
        ctx.interrupts.signal,
      );
      results.push(result);
      if (!bool(values, 'json')) {
        const what = result.unchanged ? 'already there, nothing sent' : result.layer.sent > 0 ? `${formatBytes(result.bytesSent)} sent` : `layer already there, ${formatBytes(result.bytesSent)} sent`;
        ctx.stdout.write(`${result.id} ${result.reference} (${what}, layer ${formatBytes(result.layer.size)}, in ${(result.seconds.archive + result.seconds.upload).toFixed(1)} s)\n`);
      }
    }
    if (bool(values, 'json')) {
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
            seconds: r.seconds,
          })),
          null,
          2,
        )}\n`,
      );
    }
    return EXIT_OK;
  },
};

/** The entries the operands name (by id or variant), or every built one when there are none. */
function selectEntries(view: ProjectView, operands: string[]): ProjectView['entries'] {
  if (operands.length === 0) {
    const built = view.entries.filter((e) => e.state.status === 'ok');
    if (built.length === 0) throw new PydebugError('nothing to push: no entry of this project is built', { hint: 'run `pydebug sync` first' });
    return built;
  }
  const names = [...view.entries.map((e) => e.planned.id), ...new Set(view.entries.map((e) => e.planned.build.variant))];
  const chosen = new Set<string>();
  for (const op of operands) {
    const hits = view.entries.filter((e) => e.planned.id === op || e.planned.build.variant === op);
    if (hits.length === 0) {
      const guess = closest(op, names);
      throw new UsageError(`no entry or variant "${op}" in ${view.cfg.display}`, { hint: guess ? `did you mean "${guess}"?` : `entries: ${view.entries.map((e) => e.planned.id).join(', ')}` });
    }
    for (const h of hits) chosen.add(h.planned.id);
  }
  return view.entries.filter((e) => chosen.has(e.planned.id));
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
