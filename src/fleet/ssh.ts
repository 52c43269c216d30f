// One script on one host through the user's own OpenSSH client: `ssh … HOST bash -s`, the
// script and its variables on the channel's stdin (never in either side's arguments), one
// ControlMaster per host under a private folder, closed at the end with `ssh -O exit`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../render/command.ts';
import type { InventoryHost } from './inventory.ts';

/** What became of one host's script. `unreachable`: ssh itself failed (exit 255 before the script started). */
export type HostState = 'ok' | 'failed' | 'unreachable' | 'timed-out';

export interface HostResult {
  state: HostState;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  pid?: number;
}

export interface HostRunOptions {
  /** Variables exported on the host before the script (parameters, OPSBOOK_*). */
  env: Record<string, string>;
  timeoutMs?: number;
  /** Milliseconds between TERM and KILL of the ssh process group. */
  graceMs?: number;
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface RunningHost {
  pid?: number;
  /** Stop (TERM to the ssh process group, then KILL after the grace). */
  kill(): void;
  /** KILL the ssh process group now. */
  killNow(): void;
  done: Promise<HostResult>;
}

export interface SshSettings {
  /** `--ssh-config`: `ssh -F <file>`. */
  configFile?: string;
  /** Seconds for `ConnectTimeout` (default 10). */
  connectTimeoutS?: number;
  /** `ControlPersist` (default 60s): how long an idle master stays. */
  persist?: string;
}

/**
 * The text sent on the channel: each variable as `export NAME='value'`, a marker on stderr
 * that says the script started (so a script's own `exit 255` is not taken for ssh failing),
 * then the script in a brace group that bash reads whole before it runs a line of it, with
 * stdin from /dev/null so no command of the script can eat the rest of the script.
 */
export function remoteScript(code: string, env: Record<string, string>, marker: string): string {
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join('');
  return `${exports}printf '%s\\n' ${marker} >&2\n{\nset -euo pipefail\n${code.replace(/\n?$/, '\n')}} </dev/null\n`;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Gone already.
  }
}

/** Removes the start marker from a stderr stream that arrives in chunks, and says whether it came. */
class MarkerFilter {
  private buffer = '';
  seen = false;
  constructor(private readonly marker: string) {}

  push(text: string): string {
    if (this.seen) return text;
    this.buffer += text;
    const at = this.buffer.indexOf(`${this.marker}\n`);
    if (at === -1) {
      // Output before the marker is ssh's own (warnings, errors): pass whole lines on.
      const cut = this.buffer.lastIndexOf('\n') + 1;
      const out = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut);
      return out;
    }
    this.seen = true;
    const out = this.buffer.slice(0, at) + this.buffer.slice(at + this.marker.length + 1);
    this.buffer = '';
    return out;
  }

  end(): string {
    const rest = this.buffer;
    this.buffer = '';
    return rest;
  }
}

export class SshRuntime {
  private readonly contacted = new Map<string, InventoryHost>();

  private constructor(
    readonly dir: string,
    private readonly settings: SshSettings,
  ) {}

  /** A private folder (0700) for the control sockets; short, since a socket path has ~100 bytes. */
  static open(settings: SshSettings = {}): SshRuntime {
    const base = tmpdir().length > 40 ? '/tmp' : tmpdir();
    return new SshRuntime(mkdtempSync(join(base, 'opsbook-ssh-')), settings);
  }

  /** ssh's arguments up to and including the destination. */
  args(host: InventoryHost): string[] {
    const s = this.settings;
    const args = ['-T', '-o', 'BatchMode=yes', '-o', `ConnectTimeout=${s.connectTimeoutS ?? 10}`, '-o', 'LogLevel=ERROR'];
    args.push('-o', 'ControlMaster=auto', '-o', `ControlPath=${join(this.dir, '%C')}`, '-o', `ControlPersist=${s.persist ?? '60s'}`);
    if (s.configFile) args.push('-F', s.configFile);
    if (host.address) args.push('-o', `HostName=${host.address}`);
    if (host.port) args.push('-p', String(host.port));
    if (host.user) args.push('-l', host.user);
    args.push('--', host.name);
    return args;
  }

  run(host: InventoryHost, code: string, options: HostRunOptions): RunningHost {
    this.contacted.set(host.name, host);
    const marker = `OPSBOOK-STARTED-${randomBytes(8).toString('hex')}`;
    const started = performance.now();
    const child = spawn('ssh', [...this.args(host), 'bash', '-s'], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      killGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => killGroup(child.pid, 'SIGKILL'), options.graceMs ?? 5000);
    };
    const timer = options.timeoutMs ? setTimeout(() => ((timedOut = true), stop()), options.timeoutMs) : undefined;
    const filter = new MarkerFilter(marker);
    child.stdout.setEncoding('utf8').on('data', (text: string) => options.onOutput('stdout', text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      const out = filter.push(text);
      if (out) options.onOutput('stderr', out);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(remoteScript(code, options.env, marker));
    const done = new Promise<HostResult>((resolve) => {
      const finish = (exitCode: number | null, signal: string | null) => {
        if (timer) clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        const rest = filter.end();
        if (rest) options.onOutput('stderr', rest);
        const state: HostState = timedOut ? 'timed-out' : exitCode === 0 ? 'ok' : exitCode === 255 && !filter.seen ? 'unreachable' : 'failed';
        resolve({ state, exitCode, signal, durationMs: Math.round(performance.now() - started), ...(child.pid ? { pid: child.pid } : {}) });
      };
      child.once('error', () => finish(255, null));
      // Not 'close': a ControlMaster that ssh forked for the first session may hold copies of
      // the pipes. The output is complete when both streams end, or (killed) soon after exit.
      child.once('exit', (exitCode, signal) => {
        const ended = Promise.all([child.stdout, child.stderr].map((s) => (s.readableEnded ? Promise.resolve() : new Promise((r) => s.once('end', r).once('close', r)))));
        void Promise.race([ended, new Promise((r) => setTimeout(r, 1000))]).then(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish(exitCode, signal);
        });
      });
    });
    return { ...(child.pid ? { pid: child.pid } : {}), kill: stop, killNow: () => killGroup(child.pid, 'SIGKILL'), done };
  }

  /** Ask each master to exit, then remove the folder. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.contacted.values()].map(
        (host) =>
          new Promise<void>((resolve) => {
            const child = spawn('ssh', ['-O', 'exit', ...this.args(host)], { stdio: 'ignore' });
            child.once('error', () => resolve());
            child.once('close', () => resolve());
          }),
      ),
    );
    this.contacted.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
