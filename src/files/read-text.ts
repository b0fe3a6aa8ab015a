/**
 * Reading a small input file (pydebug.yml, pydebug.lock, manifest.json) with a size limit, so
 * that a path such as /dev/zero or a huge file is refused after limit+1 bytes instead of being
 * read into memory whole.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
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
 * Opens a file to read without ever waiting: O_NONBLOCK makes opening a FIFO put in the file's
 * place return at once (instead of waiting, on a thread no signal reaches, for a writer), and
 * the fstat of that same handle says what was opened, before anything is read from it.
 */
export async function openToRead(path: string): Promise<{ handle: FileHandle; stats: Stats }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return { handle, stats: await handle.stat() };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * The opened file when it is a regular one (to stream, as hashing does); NotRegularFileError
 * for a FIFO, a device or a socket, an EISDIR error for a directory.
 */
export async function openRegularFile(path: string, display = path): Promise<{ handle: FileHandle; stats: Stats }> {
  const opened = await openToRead(path);
  const problem = refusal(path, display, opened.stats);
  if (problem) {
    await opened.handle.close();
    throw problem;
  }
  return opened;
}

/**
 * openRegularFile with synchronous calls, for a pass over thousands of small files (an entry's
 * hashes): the same refusals, without four trips through the thread pool per file. The caller
 * closes the descriptor.
 */
export function openRegularFileSync(path: string, display = path): { fd: number; stats: Stats } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const problem = refusal(path, display, stats);
  if (problem) {
    closeSync(fd);
    throw problem;
  }
  return { fd, stats };
}

function refusal(path: string, display: string, st: Stats): Error | undefined {
  if (st.isDirectory()) return Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
  if (!st.isFile()) return new NotRegularFileError(display, kindOf(st));
  return undefined;
}

/** What readBounded found: the bytes, or why there are none; `stats` is the fstat of what was opened. */
export type BoundedRead = { data: Buffer; stats: Stats } | { problem: 'not a file' | 'too large'; kind: string; stats: Stats };

/**
 * Reads a regular file of at most `limit` bytes. A directory, a device or a FIFO is refused
 * before anything is read, and a file that grows while it is read is cut at limit + 1 bytes.
 * What is refused is returned, for the caller to word; file-system errors (ENOENT...) are thrown.
 * Synchronous calls under the promise: these are small files (a lock, a manifest, a record), and
 * the five trips through the thread pool an asynchronous read makes cost 0.3-0.5 ms here against
 * 15 µs, a tenth of `run`'s start over the dozen files it reads (O_NONBLOCK: a FIFO never waits).
 */
export async function readBounded(path: string, limit: number): Promise<BoundedRead> {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return readBoundedFd(fd, limit);
  } finally {
    closeSync(fd);
  }
}

/** readBounded of a file opened (without waiting: O_NONBLOCK) by the caller, who closes it. */
export function readBoundedFd(fd: number, limit: number): BoundedRead {
  const stats = fstatSync(fd);
  if (!stats.isFile()) return { problem: 'not a file', kind: stats.isDirectory() ? 'a directory' : kindOf(stats), stats };
  if (stats.size > limit) return { problem: 'too large', kind: 'a file', stats };
  // Room for what fstat said and one byte more, up to limit + 1: a file that grew is read on.
  let buffer = Buffer.allocUnsafe(Math.min(limit, stats.size) + 1);
  let length = 0;
  for (let n = -1; n !== 0 && length <= limit; length += n) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    n = readSync(fd, buffer, length, buffer.length - length, null);
  }
  return length > limit ? { problem: 'too large', kind: 'a file', stats } : { data: buffer.subarray(0, length), stats };
}

/**
 * The file's text (UTF-8), or FileTooLargeError when it holds more than `limit` bytes.
 * File-system errors (ENOENT, EISDIR...) are thrown as they are, for the caller to word.
 */
export async function readTextFile(path: string, limit = INPUT_FILE_LIMIT, display = path): Promise<string> {
  const read = await readBounded(path, limit);
  if ('data' in read) return read.data.toString('utf8');
  if (read.problem === 'too large') throw new FileTooLargeError(display, limit);
  throw refusal(path, display, read.stats) ?? new NotRegularFileError(display, read.kind);
}

/** The last `bytes` bytes of a regular file (a log's tail), as text; refused like readTextFile. */
export async function readTextTail(path: string, bytes: number, display = path): Promise<string> {
  const { handle, stats } = await openRegularFile(path, display);
  try {
    const start = Math.max(0, stats.size - bytes);
    const buffer = Buffer.alloc(Math.min(bytes, stats.size));
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) {
      ({ bytesRead: n } = await handle.read(buffer, length, buffer.length - length, start + length));
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}
