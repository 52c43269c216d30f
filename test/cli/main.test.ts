// main(argv, io) returns the exit code and prints an unexpected failure as one line.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { opsbook, workspace } from './run-cli.ts';

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

  it('takes --debug and --no-color before the command as after it', () => {
    const dir = workspace();
    const after = opsbook(['check', '--today', '2026-11-24', '--no-color'], { cwd: dir });
    expect(after.stdout).toBe('✔ 2 files checked, no problems\n');
    for (const global of [['--debug'], ['--no-color'], ['--no-color', '--debug']]) {
      const before = opsbook([...global, 'check', '--today', '2026-11-24'], { cwd: dir });
      expect(before.stderr, global.join(' ')).toBe('');
      expect(before.stdout).toBe(after.stdout);
      expect(before.status).toBe(0);
    }
    expect(opsbook(['--debug'], { cwd: dir }).status).toBe(2);
  });

  it('names the command a mistyped one is closest to', () => {
    const r = opsbook(['chekc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('opsbook: unknown command `chekc`; did you mean `check`?\nRun `opsbook --help` for usage.\n');
    expect(opsbook(['frobnicate']).stderr).toContain('unknown command `frobnicate`; expected one of `check`, `build`');
  });

  it('shows control characters of what was typed escaped, in a usage error and an unknown command', () => {
    const dir = workspace();
    const missing = opsbook(['check', 'nope\u001b[31m'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No such file or folder `nope\\x1b[31m`');
    const command = opsbook(['\u001b]0;owned\u0007'], { cwd: dir });
    expect(command.status).toBe(2);
    expect(command.stderr).toContain('unknown command `\\x1b]0;owned\\x07`');
    for (const r of [missing, command]) expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
