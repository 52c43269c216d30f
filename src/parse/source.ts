// Bytes to text: an empty, binary or non-UTF-8 file is a diagnostic, not a crash.
// A UTF-8 byte order mark is dropped; CRLF line ends are kept (every parser here reads them).
import { message, type Message } from './message.ts';

export type SourceResult = { ok: true; text: string } | { ok: false; message: Message };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeSource(bytes: Uint8Array): SourceResult {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    return {
      ok: false,
      message: message('file-empty', { line: 1, column: 1 }, 'The file is empty; expected YAML front-matter between `---` lines, then the runbook body'),
    };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const at = positionOfByte(bytes, nul);
    return { ok: false, message: message('file-binary', at, `The file holds a NUL byte at byte ${nul}; expected a UTF-8 text file`) };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return {
      ok: false,
      message: message(
        'file-encoding',
        positionOfByte(bytes, bad),
        `The file is not valid UTF-8 (first bad byte \`0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')}\` at byte ${bad})`,
      ),
    };
  }
}

function positionOfByte(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

/** Index of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}
