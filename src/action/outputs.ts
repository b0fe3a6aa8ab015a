/** The Action's outputs and job summary, computed from a sync's result (pure). */

import type { GithubMatrix } from '../plan/github-matrix.js';
import { formatDuration } from '../progress.js';
import { type EntryBuild, type EntryJson, type SyncedHow, syncedEntryJson } from '../store/entry-json.js';
import type { SyncedEntry } from '../sync/sync.js';
import type { RestoreRecord, SaveOutcome } from './entry-cache.js';
import type { PendingSave } from './state.js';

export interface ActionOutputs {
  'python-path': string;
  'python-version': string;
  interpreters: string;
  synced: string;
  pushed: string;
  'cache-hit': string;
  'cache-matched-key': string;
  built: string;
  matrix: string;
}

export interface EntryOutcome {
  entry: SyncedEntry;
  /** Its lock entry. */
  build: EntryBuild;
  restore?: RestoreRecord | undefined;
  save?: { key: string; outcome: SaveOutcome } | undefined;
}

/** How an entry came to be there: a `reused` one that the cache gave is `restored`. */
export function syncedHow(o: EntryOutcome): SyncedHow {
  return o.entry.status === 'reused' && o.restore?.matchedKey ? 'restored' : o.entry.status;
}

/** How an entry came to be there, in words for the summary. */
export function provenance(o: EntryOutcome): string {
  if (o.entry.status === 'built') return `built in ${formatDuration(o.entry.manifest.timings.total ?? 0)}`;
  if (syncedHow(o) === 'restored') return o.restore?.exact === false ? 'cache hit (restore key)' : 'cache hit';
  if (o.entry.status === 'pulled') return `pulled ${o.entry.pulled?.digest ?? ''} from the registry${o.entry.pulled?.pinned ? ' (pinned)' : " (not pinned: the registry's word)"}`;
  return 'already on the runner';
}

/** `pushed`: the manifest digest this run pushed, by entry id. */
export function computeOutputs(outcomes: EntryOutcome[], matrix: GithubMatrix, pushed: Record<string, string> = {}): ActionOutputs {
  const first = outcomes[0]?.entry;
  const interpreters: Record<string, EntryJson> = {};
  for (const o of outcomes) interpreters[o.entry.id] = syncedEntryJson(o.entry, o.build, syncedHow(o));
  const built = outcomes.filter((o) => o.entry.status === 'built').map((o) => o.entry.id);
  // true only when nothing had to be built and every entry that came from the cache matched its exact key.
  const cacheHit = outcomes.length > 0 && built.length === 0 && outcomes.every((o) => o.restore?.exact === true);
  return {
    'python-path': first?.python ?? '',
    'python-version': first?.version ?? '',
    interpreters: JSON.stringify(interpreters),
    synced: JSON.stringify(Object.fromEntries(outcomes.map((o) => [o.entry.id, syncedHow(o)]))),
    pushed: JSON.stringify(pushed),
    'cache-hit': String(cacheHit),
    'cache-matched-key': outcomes
      .map((o) => o.restore?.matchedKey ?? '')
      .filter(Boolean)
      .join(' '),
    built: JSON.stringify(built),
    matrix: JSON.stringify(matrix),
  };
}

/** The saves the post run tries again: those that lost a race or failed (a save turned off is not one). */
export function pendingSaves(outcomes: EntryOutcome[]): PendingSave[] {
  return outcomes.flatMap(({ entry, save }) => (save && save.outcome !== 'saved' ? [{ id: entry.id, entryKey: entry.entryKey, actionsKey: save.key }] : []));
}

export function summaryMarkdown(outcomes: EntryOutcome[], seconds: number): string {
  const rows = outcomes.map((o) => {
    const macros = Object.entries(o.entry.manifest.proven.macros)
      .filter(([m, on]) => on && m !== 'NDEBUG')
      .map(([m]) => `\`${m}\``)
      .join(' ');
    const saved = o.save ? (o.save.outcome === 'saved' ? ', saved to cache' : ', not saved to cache') : '';
    return `| ${o.entry.variant} | ${o.entry.version} | \`${JSON.stringify(o.entry.manifest.proven.abiflags)}\` | ${macros || '—'} | ${provenance(o)}${saved} |`;
  });
  return [
    '### pydebug',
    '',
    '| variant | version | abiflags | proven macros | |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `${outcomes.length} interpreter${outcomes.length === 1 ? '' : 's'} ready in ${formatDuration(seconds)}.`,
    '',
  ].join('\n');
}
