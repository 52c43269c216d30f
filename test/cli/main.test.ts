// main(argv, io) returns the exit code and prints an unexpected failure as one line.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { workspace } from './run-cli.ts';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('main', () => {
  it('turns an unexpected failure into one line naming the version, exit 2, stack only with --debug', async () => {
    const broken = new Writable({
      write(_c, _e, done) {
        done();
      },
    });
    broken.write = () => {
      throw new Error('disk on fire');
    };
    for (const debug of [false, true]) {
      const stderr = capture();
      const io: Io = { stdout: broken, stderr: stderr.stream, stdin: new PassThrough(), cwd: workspace(), env: {}, color: false };
      const code = await main(['check', '--today', '2026-11-24', ...(debug ? ['--debug'] : [])], io);
      expect(code).toBe(2);
      const lines = stderr.text().trim().split('\n');
      expect(lines[0]).toBe('opsbook check: internal error: disk on fire');
      expect(lines[1]).toMatch(/^This is a bug in opsbook \d+\.\d+\.\d+; please report it/);
      expect(lines.length > 2).toBe(debug);
    }
  });
});
