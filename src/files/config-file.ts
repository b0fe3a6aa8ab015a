/** Reading pydebug.yml from disk (the parsing itself is pure, in config/load.ts). */

import { relative } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { LockVerdicts } from './lock-verdict.js';
import { readTextFile } from './read-text.js';

export const DEFAULT_CONFIG_FILE = 'pydebug.yml';

export interface ConfigFile extends Omit<LoadedConfig, 'config'> {
  /** pydebug.yml's data as validated; absent when projectConfig came from a verdict (files/lock-verdict.ts). */
  config?: Config | undefined;
  path: string;
  /** The path as shown in messages: relative to the working directory when inside it. */
  display: string;
  /**
   * What pydebug found of this pydebug.yml with its lock before (files/lock-verdict.ts): set by the
   * CLI's loadConfig for a pydebug.yml without warnings in a usable store.
   */
  verdicts?: LockVerdicts | undefined;
}

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export async function loadConfigFile(path: string, cwd: string): Promise<ConfigFile> {
  const display = displayPath(path, cwd);
  return { ...(await parseConfigFile(await readConfigText(path, display), display)), path, display };
}

/** pydebug.yml's text; a missing file or a directory in its place is a UsageError that says so. */
export async function readConfigText(path: string, display: string): Promise<string> {
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
  return text;
}

/** pydebug.yml's text parsed and checked; the YAML parser and zod are loaded only here. */
export async function parseConfigFile(text: string, display: string): Promise<LoadedConfig> {
  const { parseConfigText } = await import('../config/load.js');
  return parseConfigText(text, display);
}
