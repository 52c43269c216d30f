// SHA-256 for the browser's run record, from @noble/hashes (audited, plain JavaScript):
// `crypto.subtle` exists only in secure contexts, and a manual served over plain HTTP on an
// intranet must still chain its lines. The runner uses node:crypto; test/log/sha256.test.ts
// checks that both agree.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
