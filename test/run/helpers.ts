// What the runner tests look at: processes left behind, the run log, the real CLI as a child.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, opsbook } from '../cli/run-cli.ts';

/** A process that exists and is not a zombie waiting to be reaped. */
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The one run log in `logs`, its run id and its events. */
export function logOf(logs: string): { file: string; run: string; text: string; events: Array<Record<string, unknown>> } {
  const [name] = readdirSync(logs).filter((f) => f.endsWith('.jsonl') && !f.startsWith('.') && f !== 'ledger.jsonl');
  const file = join(logs, name);
  const text = readFileSync(file, 'utf8');
  const events = text
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { file, run: name.replace('.jsonl', ''), text, events };
}

export function verifies(logs: string, cwd: string): boolean {
  return opsbook(['log', 'verify', logOf(logs).run, '--log-dir', logs], { cwd }).status === 0;
}

export interface LiveRun {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout and stderr so far. */
  stdout: () => string;
  stderr: () => string;
  closed: Promise<number | null>;
  /** Resolves once stdout contains `text`. */
  seen: (text: string) => Promise<void>;
}

/** `opsbook run …` as a live child process, stdin a pipe left open. */
export function startRun(args: string[], cwd: string, env: Record<string, string> = {}): LiveRun {
  const child = spawn(process.execPath, [BIN, 'run', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters.splice(0)) {
      if (stdout.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    closed,
    seen: (text) => new Promise((resolve) => (stdout.includes(text) ? resolve() : waiters.push({ text, resolve }))),
  };
}

/** Send `signal` to `pid` with kill(1), as an operator or a service manager would. */
export function kill(signal: string, pid: number): void {
  spawnSync('kill', [`-${signal.replace(/^SIG/, '')}`, String(pid)]);
}
