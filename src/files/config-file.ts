/** Reading pydebug.yml from disk (the parsing itself is pure, in config/load.ts). */
import { relative } from 'node:path';
import { parseConfigText, type LoadedConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { readTextFile } from './read-text.js';

export const DEFAULT_CONFIG_FILE = 'pydebug.yml';

export interface ConfigFile extends LoadedConfig {
  path: string;
  /** The path as shown in messages: relative to the working directory when inside it. */
  display: string;
}

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export async function loadConfigFile(path: string, cwd: string): Promise<ConfigFile> {
  const display = displayPath(path, cwd);
  let text: string;
  try {
    text = await readTextFile(path, undefined, display);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(`${display} does not exist`, {
        hint: 'run `pydebug init` to write a starter pydebug.yml, or pass --config <path>',
      });
    }
    if (code === 'EISDIR') {
      throw new UsageError(`${display} is a directory, not a pydebug.yml`, { hint: `pass the file itself, e.g. --config ${display.replace(/\/$/, '')}/pydebug.yml` });
    }
    throw e;
  }
  return { ...parseConfigText(text, display), path, display };
}
