// The first line of a file a secret is read from (`--secret-file`): read up to its first line
// end, never the rest, so a pipe (`<(vault read …)`) whose writer stays open is read as soon
// as its line arrives, and a file with no line end (/dev/zero) stops at a bound instead of
// filling memory.
import { closeSync, openSync, readSync } from 'node:fs';

export class NoLineEnd extends Error {
  constructor(readonly limit: number) {
    super(`no line end in the first ${limit} bytes`);
    this.name = 'NoLineEnd';
  }
}

/** The text of `file` before its first `\n` (a `\r` before it dropped); all of it when it has none. */
export function readFirstLine(file: string, limit: number): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const end = buffer.subarray(0, n).indexOf(0x0a);
      chunks.push(Buffer.from(buffer.subarray(0, end === -1 ? n : end)));
      size += end === -1 ? n : end;
      if (size > limit) throw new NoLineEnd(limit);
      if (end !== -1) break;
    }
    return Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}
