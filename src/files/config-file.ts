/** Reading pydebug.yml from disk (the parsing itself is pure, in config/load.ts). */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseConfigText, type LoadedConfig } from '../config/load.js';
import { UsageError } from '../errors.js';

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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`${displayPath(path, cwd)} does not exist`, {
        hint: 'run `pydebug init` to write a starter pydebug.yml, or pass --config <path>',
      });
    }
    throw e;
  }
  const display = displayPath(path, cwd);
  return { ...parseConfigText(text, display), path, display };
}
