// Secrets are redacted from step output however the output is cut into chunks.
import { describe, expect, it } from 'vitest';
import { StreamRedactor } from '../../src/run/output.ts';

function through(chunks: string[], secrets: string[]): string {
  const r = new StreamRedactor(secrets);
  return chunks.map((c) => r.push(c)).join('') + r.end();
}

describe('StreamRedactor', () => {
  const secret = 'S3cr3t-Value-42';
  const text = `token=${secret}; again ${secret}\nend\n`;
  it('catches a secret split at every position, and keeps all other text', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      const out = through([text.slice(0, cut), text.slice(cut)], [secret]);
      expect(out).toBe('token=[redacted]; again [redacted]\nend\n');
    }
  });
  it('catches a secret that arrives one character at a time', () => {
    expect(through([...text], [secret])).toBe('token=[redacted]; again [redacted]\nend\n');
  });
  it('never shows a prefix of a secret before it knows what follows', () => {
    const r = new StreamRedactor([secret]);
    expect(r.push('abc S3cr3')).toBe('');
    expect(r.push('t-Value-42 done')).toBe('abc [redacted]');
    expect(r.end()).toBe(' done');
  });
  it('passes text through untouched when there is no secret', () => {
    const r = new StreamRedactor([]);
    expect(r.push('hello')).toBe('hello');
    expect(r.end()).toBe('');
  });
});
