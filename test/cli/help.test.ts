// Help texts are part of the interface: compared with saved copies; colour follows the terminal.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, opsbook, workspace } from './run-cli.ts';

const saved = (name: string) => readFileSync(join(import.meta.dirname, 'help', name), 'utf8');

describe('help', () => {
  it('prints the command list with --help', () => {
    const r = opsbook(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(saved('opsbook.txt'));
  });
  it('prints usage, aligned options and examples for check', () => {
    const r = opsbook(['check', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(saved('check.txt'));
  });
  it('prints usage and exits 2 when no command is given', () => {
    const r = opsbook([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('Usage: opsbook <command>');
  });
});

describe('colour', () => {
  const broken = () => {
    const dir = workspace();
    execFileSync('sed', ['-i', 's/owner: mberg/owner: nobody/', join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx')]);
    return dir;
  };
  // `script` gives the CLI a pseudo-terminal, as an interactive shell would.
  const onTty = (env: Record<string, string>, extra = '') => {
    const dir = broken();
    try {
      return execFileSync('script', ['-qec', `${process.execPath} ${BIN} check --today 2026-11-24 ${extra}`, '/dev/null'], {
        cwd: dir,
        env: { ...process.env, TERM: 'xterm', ...env },
        encoding: 'utf8',
      });
    } catch (error) {
      return (error as { stdout: string }).stdout;
    }
  };
  it('colours on a terminal', () => {
    const env = { ...process.env } as Record<string, string>;
    delete env.NO_COLOR;
    expect(onTty({ ...env, NO_COLOR: '' })).toMatch(/\u001b\[31m/);
  });
  it('never colours with NO_COLOR or --no-color, or when piped', () => {
    expect(onTty({ NO_COLOR: '1' })).not.toMatch(/\u001b\[/);
    expect(onTty({ NO_COLOR: '' }, '--no-color')).not.toMatch(/\u001b\[/);
    expect(opsbook(['check'], { cwd: broken(), env: { NO_COLOR: '' } }).stdout).not.toMatch(/\u001b\[/);
  });
});
