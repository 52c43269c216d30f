// Run one script as a child process in its own process group: bash under `set -euo
// pipefail`, or zx. Parameters arrive only as environment variables; the script is a file in
// a private temporary folder, so nothing of it or of a secret shows in any process's
// arguments. A timeout or an interrupt stops the whole group: TERM, then KILL after a grace.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Script } from '../model.ts';
import { PACKAGE_ROOT } from '../package-root.ts';

const require = createRequire(join(PACKAGE_ROOT, 'package.json'));

export interface ExecOptions {
  env: Record<string, string>;
  cwd: string;
  timeoutMs?: number;
  /** Milliseconds between TERM and KILL. */
  graceMs?: number;
  /** Live output, already redacted. */
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  interrupted: boolean;
  durationMs: number;
  pid?: number;
}

export interface RunningScript {
  pid?: number;
  /** Stop the step's whole process group: TERM, then KILL after the grace (Ctrl-C). */
  interrupt(): void;
  /** Kill the step's whole process group now (a second Ctrl-C). */
  kill(): void;
  done: Promise<ExecResult>;
}

function command(script: Pick<Script, 'engine'>, file: string): [string, string[]] {
  if (script.engine === 'zx') return [process.execPath, [require.resolve('zx/cli'), '--quiet', file]];
  return ['bash', ['--noprofile', '--norc', '-o', 'errexit', '-o', 'nounset', '-o', 'pipefail', file]];
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export function startScript(script: Pick<Script, 'engine' | 'code'>, options: ExecOptions): RunningScript {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-step-'));
  const file = join(dir, script.engine === 'zx' ? 'step.mjs' : 'step.sh');
  writeFileSync(file, script.code, { mode: 0o600 });
  const [cmd, args] = command(script, file);
  const started = performance.now();
  const child = spawn(cmd, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let timedOut = false;
  let interrupted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    killGroup(child.pid, 'SIGTERM');
    killTimer ??= setTimeout(() => killGroup(child.pid, 'SIGKILL'), options.graceMs ?? 5000);
  };
  const timer = options.timeoutMs ? setTimeout(() => { timedOut = true; stop(); }, options.timeoutMs) : undefined;
  child.stdout.setEncoding('utf8').on('data', (text: string) => options.onOutput('stdout', text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => options.onOutput('stderr', text));
  const done = new Promise<ExecResult>((resolve) => {
    const finish = (exitCode: number | null, signal: string | null) => {
      if (timer) clearTimeout(timer);
      // The leader is gone: make sure nothing it started outlives it.
      killGroup(child.pid, 'SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ exitCode, signal, timedOut, interrupted, durationMs: Math.round(performance.now() - started), ...(child.pid ? { pid: child.pid } : {}) });
    };
    child.once('error', () => finish(127, null));
    child.once('close', finish);
  });
  return {
    ...(child.pid ? { pid: child.pid } : {}),
    interrupt: () => {
      interrupted = true;
      stop();
    },
    kill: () => {
      interrupted = true;
      killGroup(child.pid, 'SIGKILL');
    },
    done,
  };
}

/** Replace each secret value in `text` by `[redacted]`. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Redacts secrets from a stream that arrives in chunks: a secret split across two chunks is
 * still caught, because the last characters that could start a secret are held back until
 * the next chunk (or the end of the stream) shows whether they do.
 */
export class StreamRedactor {
  private carry = '';
  private readonly hold: number;
  private readonly secrets: string[];

  constructor(secrets: string[]) {
    this.secrets = secrets.filter((s) => s.length >= 3);
    this.hold = Math.max(0, ...this.secrets.map((s) => s.length - 1));
  }

  /** Text that is safe to show now. */
  push(text: string): string {
    const all = this.carry + text;
    let cut = Math.max(0, all.length - this.hold);
    // A whole secret that the cut would split is complete: redact it now, cut after it.
    for (let moved = true; moved; ) {
      moved = false;
      for (const secret of this.secrets) {
        for (let at = all.indexOf(secret); at !== -1 && at < cut; at = all.indexOf(secret, at + 1)) {
          if (at + secret.length > cut) {
            cut = at + secret.length;
            moved = true;
          }
        }
      }
    }
    this.carry = all.slice(cut);
    return redact(all.slice(0, cut), this.secrets);
  }

  /** The rest, at the end of the stream. */
  end(): string {
    const rest = redact(this.carry, this.secrets);
    this.carry = '';
    return rest;
  }
}

/** Output kept for the log: the first `head` bytes as they come, then only the last `tail`. */
export class OutputBound {
  private headUsed = 0;
  private tailText = '';
  dropped = 0;
  constructor(private readonly head = 64 * 1024, private readonly tail = 64 * 1024) {}

  /** Text to log now (head part); the rest is kept for the tail. */
  take(text: string): string {
    if (this.headUsed < this.head) {
      const room = this.head - this.headUsed;
      const now = text.slice(0, room);
      this.headUsed += now.length;
      if (now.length === text.length) return now;
      this.keepTail(text.slice(room));
      return now;
    }
    this.keepTail(text);
    return '';
  }

  private keepTail(text: string): void {
    this.tailText += text;
    if (this.tailText.length > this.tail) {
      this.dropped += this.tailText.length - this.tail;
      this.tailText = this.tailText.slice(-this.tail);
    }
  }

  /** The tail at the end of the step. */
  finish(): string {
    const t = this.tailText;
    this.tailText = '';
    return t;
  }
}
