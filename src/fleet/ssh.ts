// One script on one host through the user's own OpenSSH client: `ssh … HOST bash -s`, the
// script and its variables on the channel's stdin (never in either side's arguments), one
// ControlMaster per host under a private folder, closed at the end with `ssh -O exit`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
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
  /**
   * One ControlMaster per host, so that its run, verify and rollback share one connection
   * (default true). Without it each script is one plain `ssh` connection, as a step with
   * neither verify nor rollback needs: one process per host, nothing to close.
   */
  multiplex?: boolean;
}

/**
 * The text sent on the channel: each variable as `export NAME='value'`, a marker on stderr
 * that says the script started (so a script's own `exit 255` is not taken for ssh failing),
 * then the script in a brace group that bash reads whole before it runs a line of it, with
 * stdin from /dev/null so no command of the script can eat the rest of the script.
 */
export function remoteScript(code: string, env: Record<string, string>, marker: string): string {
  const exports = Object.entries(env)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
    .join('');
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
  private readonly masters = new Map<string, Promise<{ exitCode: number | null; message: string }>>();

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
    if (s.multiplex === false) args.push('-o', 'ControlMaster=no', '-o', 'ControlPath=none');
    else args.push('-o', 'ControlMaster=auto', '-o', `ControlPath=${join(this.dir, '%C')}`, '-o', `ControlPersist=${s.persist ?? '60s'}`);
    if (s.configFile) args.push('-F', s.configFile);
    if (host.address) args.push('-o', `HostName=${host.address}`);
    if (host.port) args.push('-p', String(host.port));
    if (host.user) args.push('-l', host.user);
    args.push('--', host.name);
    return args;
  }

  /**
   * The host's ControlMaster, started once (`-M -f -N`, its stderr in a file: a master that ssh
   * forks for a session would hold copies of that session's pipes). Resolves with ssh's exit
   * code (0: the master is up) and what ssh said.
   */
  private master(host: InventoryHost, track: (child: ChildProcess) => void): Promise<{ exitCode: number | null; message: string }> {
    let up = this.masters.get(host.name);
    if (up) return up;
    const errFile = join(this.dir, `master-${this.masters.size}.err`);
    const fd = openSync(errFile, 'w', 0o600);
    const child = spawn('ssh', ['-o', 'ControlMaster=yes', '-f', '-N', ...this.args(host)], { detached: true, stdio: ['ignore', 'ignore', fd] });
    closeSync(fd);
    track(child);
    up = new Promise((resolve) => {
      const finish = (exitCode: number | null) => {
        const message = readFileSync(errFile, 'utf8');
        rmSync(errFile, { force: true });
        if (exitCode !== 0) this.masters.delete(host.name);
        resolve({ exitCode, message });
      };
      child.once('error', () => finish(255));
      child.once('exit', (code) => finish(code));
    });
    this.masters.set(host.name, up);
    return up;
  }

  private session(
    host: InventoryHost,
    code: string,
    options: HostRunOptions,
    track: (child: ChildProcess) => void,
  ): Promise<{ exitCode: number | null; signal: string | null; started: boolean }> {
    const marker = `OPSBOOK-STARTED-${randomBytes(8).toString('hex')}`;
    const child = spawn('ssh', [...this.args(host), 'bash', '-s'], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    const filter = new MarkerFilter(marker);
    child.stdout.setEncoding('utf8').on('data', (text: string) => options.onOutput('stdout', text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      const out = filter.push(text);
      if (out) options.onOutput('stderr', out);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(remoteScript(code, options.env, marker));
    return new Promise((resolve) => {
      const finish = (exitCode: number | null, signal: string | null) => {
        const rest = filter.end();
        if (rest) options.onOutput('stderr', rest);
        resolve({ exitCode, signal, started: filter.seen });
      };
      child.once('error', () => finish(255, null));
      // The output is complete when both streams end; a killed client's may not (a master
      // can hold them), so not much later than its exit either.
      child.once('exit', (exitCode, signal) => {
        const ended = Promise.all(
          [child.stdout, child.stderr].map((s) => (s.readableEnded ? Promise.resolve() : new Promise((r) => s.once('end', r).once('close', r)))),
        );
        void Promise.race([ended, new Promise((r) => setTimeout(r, 1000))]).then(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish(exitCode, signal);
        });
      });
    });
  }

  run(host: InventoryHost, code: string, options: HostRunOptions): RunningHost {
    const multiplex = this.settings.multiplex !== false;
    if (multiplex) this.contacted.set(host.name, host);
    const started = performance.now();
    let current: ChildProcess | undefined;
    const track = (child: ChildProcess) => (current = child);
    let timedOut = false;
    let stopped = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      stopped = true;
      killGroup(current?.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => killGroup(current?.pid, 'SIGKILL'), options.graceMs ?? 5000);
    };
    const timer = options.timeoutMs ? setTimeout(() => ((timedOut = true), stop()), options.timeoutMs) : undefined;
    const done = (async (): Promise<HostResult> => {
      const end = (state: HostState, exitCode: number | null, signal: string | null): HostResult => {
        if (timer) clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        return { state: timedOut ? 'timed-out' : state, exitCode, signal, durationMs: Math.round(performance.now() - started) };
      };
      if (multiplex) {
        const master = await this.master(host, track);
        if (master.exitCode !== 0 || stopped) {
          if (master.message) options.onOutput('stderr', master.message);
          return end(stopped ? 'failed' : 'unreachable', master.exitCode, null);
        }
      }
      const r = await this.session(host, code, options, track);
      return end(r.exitCode === 0 ? 'ok' : r.exitCode === 255 && !r.started ? 'unreachable' : 'failed', r.exitCode, r.signal);
    })();
    return { kill: stop, killNow: () => killGroup(current?.pid, 'SIGKILL'), done };
  }

  /** Close one host's master now (`ssh -O exit`): the host is done with. A later run on it opens a new one. */
  release(name: string): Promise<void> {
    const host = this.contacted.get(name);
    if (!host) return Promise.resolve();
    this.contacted.delete(name);
    this.masters.delete(name);
    return new Promise<void>((resolve) => {
      const child = spawn('ssh', ['-O', 'exit', ...this.args(host)], { stdio: 'ignore' });
      child.once('error', () => resolve());
      child.once('close', () => resolve());
    });
  }

  /** Ask each master left to exit, then remove the folder. */
  async close(): Promise<void> {
    await Promise.all([...this.contacted.keys()].map((name) => this.release(name)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
