/**
 * PEP 668's EXTERNALLY-MANAGED file in a store entry's stdlib directory: pip 23+ (bundled from
 * CPython 3.12 on) then refuses to install into the store interpreter, which every project on
 * the machine using that build shares, and says where packages go instead. Inside a venv (the
 * project environment `pydebug run` makes) pip ignores the file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { libDirs } from './slim.js';

export const EXTERNALLY_MANAGED = 'EXTERNALLY-MANAGED';

/** The file's text (an INI file, as the PEP specifies): the message pip shows, for the entry `id` of `variant`. */
export function externallyManagedText(id: string, variant: string): string {
  // configparser joins indented continuation lines with line breaks and strips their indent.
  const lines = [
    `This is pydebug's store interpreter ${id}, shared by every project on this machine that uses this build,`,
    'and it must stay as it was built: pydebug would find it changed and rebuild it.',
    "Install packages into your project's own environment of the variant instead:",
    `pydebug run ${variant} -- python -m pip install <package>`,
    `(pydebug which --env ${variant} prints that environment's interpreter), or into a venv of your own.`,
  ];
  return `[externally-managed]\nError=${lines.join('\n  ')}\n`;
}

/** Writes the file into every stdlib directory of the prefix (lib/python3.13, lib/python3.13t); returns their paths. */
export async function writeExternallyManaged(prefix: string, id: string, variant: string): Promise<string[]> {
  const written: string[] = [];
  for (const lib of await libDirs(prefix)) {
    const path = join(prefix, 'lib', lib, EXTERNALLY_MANAGED);
    await writeFile(path, externallyManagedText(id, variant));
    written.push(path);
  }
  return written;
}
