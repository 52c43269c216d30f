// Answers as they arrive on a pipe: split anywhere, several in one chunk, CRLF or LF.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NoAnswer, Prompter } from '../../src/run/prompt.ts';

function prompter(): { input: PassThrough; p: Prompter; shown: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, p: new Prompter(input, output), shown: () => shown };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('Prompter on piped answers', () => {
  it('reads a CRLF split across two chunks as one line end', async () => {
    const { input, p, shown } = prompter();
    const first = p.choose('[r]un / [s]kip? ', ['r', 's']);
    input.write('r\r');
    expect(await first).toBe('r');
    await tick();
    const second = p.choose('[r]un / [s]kip? ', ['r', 's']);
    input.write('\ns\r\n');
    expect(await second).toBe('s');
    expect(shown()).not.toContain('Please answer');
  });

  it('keeps answers that arrive in one chunk for the later questions, and the last line without its newline', async () => {
    const { input, p } = prompter();
    input.end('r\nsome text\nx');
    expect(await p.choose('? ', ['r', 's'])).toBe('r');
    expect(await p.text('text: ')).toBe('some text');
    expect(await p.secret('secret: ')).toBe('x');
    await expect(p.text('more: ')).rejects.toBeInstanceOf(NoAnswer);
  });

  it('ends a question being asked when the run is cancelled', async () => {
    const { p } = prompter();
    const asked = p.choose('? ', ['r']);
    p.cancel(new Error('SIGTERM received'));
    await expect(asked).rejects.toThrow('SIGTERM received');
  });
});
