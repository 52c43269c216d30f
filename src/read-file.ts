// Reading a runbook or the org file without ever hanging or filling memory: only a regular
// file is opened (a FIFO, a device, a socket or a link to one is refused after a `stat`,
// which does not block), it is opened non-blocking in case it was swapped meanwhile, and
// no more than `maxBytes` (+1, to tell "over") are read, whatever the file claims.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync, type Stats } from 'node:fs';
import { visible } from './render/visible.ts';

/** Default `--max-file-size`: 10 MB. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export type ReadFailure = { rule: 'file-not-regular' | 'file-too-large' | 'file-unreadable'; message: string };
export type ReadResult = { ok: true; bytes: Buffer } | ({ ok: false } & ReadFailure);

function kind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** `10 MB`, `12.5 MB`, `300000 bytes` (under 1 MB, or `exact`). */
function formatSize(bytes: number, exact = false): string {
  return bytes < 1024 * 1024 || exact ? `${bytes} bytes` : `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

function notRegular(file: string, stats: Stats): ReadResult {
  const link = lstatSync(file).isSymbolicLink() ? `a symbolic link to \`${visible(readlinkSync(file))}\`, which is ` : '';
  return { ok: false, rule: 'file-not-regular', message: `The path is ${link}${kind(stats)}, not a regular file; opsbook reads only regular files` };
}

/** `size` undefined: the file grew past the limit while it was read. */
function tooLarge(size: number | undefined, maxBytes: number): ReadResult {
  const exact = size !== undefined && formatSize(size) === formatSize(maxBytes);
  const what = size === undefined ? `over ${formatSize(maxBytes)}` : formatSize(size, exact);
  return { ok: false, rule: 'file-too-large', message: `The file is ${what}, over the limit of ${formatSize(maxBytes, exact)}; it was not read` };
}

/** The bytes of `file`, or why they were not read. */
export function readRegularFile(file: string, maxBytes = DEFAULT_MAX_FILE_SIZE): ReadResult {
  let fd: number | undefined;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return notRegular(file, stats);
    if (stats.size > maxBytes) return tooLarge(stats.size, maxBytes);
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const opened = fstatSync(fd);
    if (!opened.isFile()) return notRegular(file, opened);
    let buffer = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        // The file grew since its stat: read on, up to one byte over the limit.
        if (length > maxBytes) return tooLarge(undefined, maxBytes);
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return tooLarge(undefined, maxBytes);
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reason =
      e.code === 'ENOENT' ? 'it does not exist (a broken link?)' : e.code === 'EACCES' ? 'permission denied' : e.message.replace(/, \w+ '.*'$/, '');
    return { ok: false, rule: 'file-unreadable', message: `Cannot read the file: ${reason}${e.code ? ` (${e.code})` : ''}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A size as `--max-file-size` takes it: bytes (`500000`) or with a unit `KB`, `MB`, `GB` (1024-based). */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(|B|K|KB|KiB|M|MB|MiB|G|GB|GiB)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2].toUpperCase()[0];
  const bytes = Math.floor(Number(m[1]) * (unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1));
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
