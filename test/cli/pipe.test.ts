// A reader that goes away early (`opsbook audit --json | head -c 100`) ends the command quietly:
// no EPIPE stack, no message, and the exit code the command has when its output is read in full.
// Output that cannot be written for another reason (a full disk) is one line and exit 2.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, opsbook, workspace } from './run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs opsbook with its stdout (and stderr, with `both`) a pipe whose reading end is closed before it starts. */
function intoClosedPipe(args: string[], cwd: string, both = false): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  child.stdout.destroy();
  if (both) child.stderr.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

const COMMANDS = [
  ['audit', '--json', '--at', '2026-11-24T12:00:00Z'],
  ['audit', '--at', '2026-11-24T12:00:00Z'],
  ['log', 'list'],
  ['check', '--format', 'json', '--today', '2026-11-24'],
  ['check', '--today', '2026-11-24'],
  ['search', 'restart', 'mailbox'],
  ['run', 'restart-mailbox', '--dry-run', '--operator', 'mberg', '--param', 'HOST=mbx1'],
  ['build', '--out', 'site'],
  ['new', '--help'],
  ['--help'],
];

describe('a closed pipe', () => {
  it.each(COMMANDS.map((args) => [args.join(' '), args]))(
    'ends `opsbook %s` quietly, with its usual exit code',
    async (_, args) => {
      const usual = opsbook(args, { cwd: workspace() });
      expect(usual.stdout.length, usual.stderr).toBeGreaterThan(0);
      const closed = await intoClosedPipe(args, workspace());
      expect(closed.stderr).toBe(usual.stderr);
      expect(closed.status).toBe(usual.status);
    },
    240_000,
  );

  it('ends quietly when stderr is closed too', async () => {
    const dir = workspace();
    const args = ['check', '--root', 'nowhere'];
    const usual = opsbook(args, { cwd: dir });
    expect(usual.stderr).not.toBe('');
    const closed = await intoClosedPipe(args, dir, true);
    expect(closed.status).toBe(usual.status);
  });

  it('ends `opsbook audit --json | head -c 100` quietly in a shell with pipefail', () => {
    // The report is larger than a pipe holds, so opsbook is still writing when head exits.
    const script = `set -o pipefail; "$0" "$1" audit --json --at 2026-11-24T12:00:00Z | head -c 100; s="\${PIPESTATUS[*]}"; echo; echo "status $s"`;
    const r = spawnSync('bash', ['-c', script, process.execPath, BIN], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const usual = opsbook(['audit', '--json', '--at', '2026-11-24T12:00:00Z'], { cwd: ROOT });
    expect(usual.stdout.length).toBeGreaterThan(64 * 1024);
    expect(r.stderr).toBe('');
    expect(r.stdout.slice(0, 100)).toBe(usual.stdout.slice(0, 100));
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`status ${usual.status} 0`);
  });
});

describe('output that cannot be written', () => {
  const FULL = [['check', '--today', '2026-11-24'], ['audit', '--json'], ['--help']];
  it.each(FULL.map((args) => [args.join(' '), args]))('is one line and exit 2 for `opsbook %s` on a full disk', (_, args) => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: workspace(), stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(r.stderr).toBe('opsbook: cannot write the output: ENOSPC: no space left on device, write\n');
      expect(r.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});
