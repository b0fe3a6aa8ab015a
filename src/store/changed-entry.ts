/**
 * What the user is told when a store entry was changed since it was built (pure): the files,
 * the likely cause (something wrote into the shared store interpreter, as `pip install` run
 * with it does) and where packages go instead. `which`, `run` and `list` warn and go on; `sync`
 * says so before it rebuilds the entry.
 */

/** A few of the changed files, named, and how many more. */
export function changedFilesSummary(changes: string[]): string {
  const shown = changes.slice(0, 3).join('; ');
  const more = changes.length > 3 ? `; and ${changes.length - 3} more` : '';
  return `${changes.length === 1 ? '1 file' : `${changes.length} files`}: ${shown}${more}`;
}

function pipAdvice(variant: string): string {
  return `install packages into the project's own environment with \`pydebug run ${variant} -- python -m pip install <package>\``;
}

/** For which, run and list: the entry still works, but is not what was built and verified. */
export function changedEntryWarning(id: string, variant: string, changes: string[]): string {
  return `${id}: its store entry was changed since it was built (${changedFilesSummary(changes)}): something wrote into the store interpreter's files (pip install run with it?); the next \`pydebug sync\` rebuilds it; ${pipAdvice(variant)}`;
}

/** For sync, before it removes the entry and builds it again. */
export function rebuildChangedWarning(id: string, variant: string, changes: string[]): string {
  return `${id}: its store entry was changed since it was built (${changedFilesSummary(changes)}), e.g. by pip install into the store interpreter; rebuilding it. Next time, ${pipAdvice(variant)}`;
}
