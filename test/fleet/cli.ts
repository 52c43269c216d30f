// The fleet tests' command line: the CLI as a child process, a workspace with one fleet
// step, its arguments against a test fleet, and what its run log recorded.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from '../run/fixture.ts';
import type { Fleet } from './sshd.ts';
import { logOf } from '../run/helpers.ts';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(
  args: string[],
  cwd: string,
  { env = {}, input = '', onSpawn }: { env?: Record<string, string>; input?: string; onSpawn?: (pid: number) => void } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.stdin.end(input);
    if (child.pid) onSpawn?.(child.pid);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A workspace with one fleet step; MARKS is a folder every host (all on this machine) appends to. */
export function workspace(attrs: string, code: string, extra = ''): { dir: string; out: string; logs: string; ran: () => string[] } {
  const ws = runWorkspace({
    fleet: runbook(
      'fleet-test',
      [
        "{ name: HOSTS, description: Hosts, default: 'h01', pattern: '^[a-z0-9 ]*$' }",
        "{ name: MARKS, description: Marks folder, default: /tmp, pattern: '^/[A-Za-z0-9/._-]+$' }",
        '{ name: TOKEN, description: A token, secret: true }',
      ],
      `<Step id="patch" title="Patch each host" ${attrs}>\n${sh(code)}\n${extra}</Step>\n`,
    ),
  });
  return { ...ws, ran: () => (existsSync(join(ws.out, 'ran')) ? readFileSync(join(ws.out, 'ran'), 'utf8').trim().split('\n').sort() : []) };
}

export function fleetArgs(fleet: Fleet, ws: { out: string; logs: string }, hosts: string, more: string[] = []): string[] {
  return [
    'run',
    'fleet-test',
    '--yes',
    '--param',
    `HOSTS=${hosts}`,
    '--param',
    `MARKS=${ws.out}`,
    '--secret-env',
    'TOKEN=FLEET_TOKEN',
    '--ssh-config',
    fleet.sshConfig,
    '--log-dir',
    ws.logs,
    ...more,
  ];
}

export interface LoggedEvent {
  type: string;
  host?: string;
  phase?: string;
  state?: string;
  exitCode?: number | null;
}

export function events(logs: string): LoggedEvent[] {
  return logOf(logs)
    .text.trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LoggedEvent);
}

export const hostEnds = (logs: string) =>
  events(logs)
    .filter((e) => e.type === 'host-end')
    .map((e) => `${e.host} ${e.phase} ${e.state} ${String(e.exitCode)}`);
export const names = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `h${String(from + i).padStart(2, '0')}`);
/** Fails on the host whose loopback address is given (the script sees it in $SSH_CONNECTION). */
export const failOn = (addresses: string[]) =>
  `echo "$OPSBOOK_HOST" >> "$MARKS/ran"\ncase " $SSH_CONNECTION " in\n${addresses.map((a) => `  *" ${a} "*) echo "disk full" >&2; exit 3;;`).join('\n')}\nesac\necho "patched $OPSBOOK_HOST"`;
export const env = { FLEET_TOKEN: 'tok-3f9a1c-secret' };
