// The browser's SHA-256 agrees with node:crypto, so browser records chain like terminal logs.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/log/sha256.ts';

describe('sha256Hex', () => {
  it('matches node:crypto on empty, ASCII, multi-byte and block-boundary inputs', () => {
    for (const text of ['', 'abc', 'Müller ✓ 日本', 'a'.repeat(55), 'b'.repeat(56), 'c'.repeat(64), 'd'.repeat(1000)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });
});
