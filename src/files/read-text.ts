/**
 * Reading a small input file (pydebug.yml, pydebug.lock, manifest.json) with a size limit, so
 * that a path such as /dev/zero or a huge file is refused after limit+1 bytes instead of being
 * read into memory whole.
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** pydebug.yml and pydebug.lock are a few kilobytes; a megabyte is far beyond any real one. */
const INPUT_FILE_LIMIT = 1024 * 1024;

export class FileTooLargeError extends UsageError {
  constructor(display: string, limit: number) {
    super(`${display} is larger than ${formatLimit(limit)}, too large to be a file pydebug reads`, {
      hint: `check the path: pydebug reads at most ${formatLimit(limit)} from it`,
    });
  }
}

function formatLimit(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  return bytes % 1024 === 0 ? `${bytes / 1024} kB` : `${bytes} bytes`;
}

/** What a non-regular file is, for the message. */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a file';
}

export class NotRegularFileError extends UsageError {
  constructor(display: string, kind: string) {
    super(`${display} is not a regular file (${kind})`, { hint: `pydebug reads only regular files: replace ${display} with the file itself` });
  }
}

/**
 * The file's text (UTF-8), or FileTooLargeError when it holds more than `limit` bytes.
 * File-system errors (ENOENT, EISDIR...) are thrown as they are, for the caller to word.
 */
export async function readTextFile(path: string, limit = INPUT_FILE_LIMIT, display = path): Promise<string> {
  // O_NONBLOCK: opening a FIFO put in the file's place must not wait (on a thread no signal
  // reaches) for a writer; fstat on the handle then refuses it before anything is read.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
    if (!st.isFile()) throw new NotRegularFileError(display, kindOf(st));
    const buffer = Buffer.alloc(limit + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > limit) throw new FileTooLargeError(display, limit);
    return buffer.toString('utf8', 0, filled);
  } finally {
    await handle.close();
  }
}
