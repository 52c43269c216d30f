// Run one script as a child process in its own process group: bash under `set -euo
// pipefail`, or zx. Parameters arrive only as environment variables; the script is a file in
// a private temporary folder, so nothing of it or of a secret shows in any process's
// arguments. A timeout or an interrupt stops the whole group: TERM, then KILL after a grace.
// A zx step's `$` commands print as a bash step's commands do (see zx-output.cjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Script } from '../model.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { processStartTime } from './process.ts';
import { after } from './timer.ts';

const require = createRequire(join(PACKAGE_ROOT, 'package.json'));

export interface ExecOptions {
  env: Record<string, string>;
  cwd: string;
  timeoutMs?: number;
  /** Milliseconds between TERM and KILL. */
  graceMs?: number;
  /** Live output, already redacted. */
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void;
  /** The secret parameters in `env`: a zx step refuses a `$` command holding one (zx-output.cjs). */
  secretNames?: string[];
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
  /** The step's process group (its leader's pid) and the leader's kernel start time. */
  pid?: number;
  pidStart?: string;
  /** Stop the step's whole process group: TERM, then KILL after the grace (Ctrl-C). */
  interrupt(): void;
  /** Kill the step's whole process group now (a second Ctrl-C). */
  kill(): void;
  done: Promise<ExecResult>;
}

/** The program and arguments that run the script file `file`. */
export function command(script: Pick<Script, 'engine'>, file: string): [string, string[]] {
  if (script.engine === 'zx')
    return [process.execPath, ['--require', join(PACKAGE_ROOT, 'src', 'run', 'zx-output.cjs'), require.resolve('zx/cli'), '--quiet', file]];
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
    env: script.engine === 'zx' && options.secretNames?.length ? { ...options.env, OPSBOOK_SECRET_NAMES: options.secretNames.join(',') } : options.env,
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
  const cancelTimeout = options.timeoutMs
    ? after(options.timeoutMs, () => {
        timedOut = true;
        stop();
      })
    : undefined;
  child.stdout.setEncoding('utf8').on('data', (text: string) => options.onOutput('stdout', text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => options.onOutput('stderr', text));
  const done = new Promise<ExecResult>((resolve) => {
    const finish = (exitCode: number | null, signal: string | null) => {
      cancelTimeout?.();
      // The leader is gone: make sure nothing it started outlives it.
      killGroup(child.pid, 'SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ exitCode, signal, timedOut, interrupted, durationMs: Math.round(performance.now() - started), ...(child.pid ? { pid: child.pid } : {}) });
    };
    child.once('error', () => finish(127, null));
    child.once('close', finish);
  });
  const pidStart = child.pid ? processStartTime(child.pid) : undefined;
  return {
    ...(child.pid ? { pid: child.pid } : {}),
    ...(pidStart ? { pidStart } : {}),
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
