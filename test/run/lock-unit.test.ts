// The run lock and the stopped step's process group, on their own, with real processes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLedger, readLedger } from '../../src/log/ledger.ts';
import { lockFile, RunLock } from '../../src/run/lock.ts';
import { groupRunning, unendedScript } from '../../src/run/orphan.ts';
import { processStartTime } from '../../src/run/process.ts';
import { Refusal } from '../../src/run/refusal.ts';
import { stepHash } from '../../src/run/step-hash.ts';
import { parseRunbook } from '../../src/parse/runbook.ts';
import { runbook, sh } from './fixture.ts';

const RUN = '20261125T080000Z-a1b2c3';

/** A pid that ran and has ended. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((r) => child.on('close', r));
  return child.pid!;
}

describe('the run lock', () => {
  it('is exclusive within a process too, and gone after release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-lock-'));
    const { lock, tookOver } = RunLock.acquire(dir, RUN);
    expect(tookOver).toBeUndefined();
    const record = JSON.parse(readFileSync(lockFile(dir, RUN), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ pid: process.pid, host: hostname(), pidStart: processStartTime(process.pid) });
    expect(() => RunLock.acquire(dir, RUN)).toThrow(`Run ${RUN} is locked by another opsbook: pid ${process.pid} on ${hostname()}`);
    lock.release();
    expect(existsSync(lockFile(dir, RUN))).toBe(false);
    RunLock.acquire(dir, RUN).lock.release();
  });

  it('takes over the lock of a process that is gone, and can put it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-lock-'));
    const stale = `${JSON.stringify({ pid: await deadPid(), host: hostname(), since: '2026-11-25T08:00:00.000Z' })}\n`;
    writeFileSync(lockFile(dir, RUN), stale);
    const first = RunLock.acquire(dir, RUN);
    expect(first.tookOver).toMatchObject({ host: hostname(), since: '2026-11-25T08:00:00.000Z' });
    first.lock.release(true);
    expect(readFileSync(lockFile(dir, RUN), 'utf8')).toBe(stale);
    const second = RunLock.acquire(dir, RUN);
    expect(second.tookOver).toBeDefined();
    second.lock.release();
    expect(existsSync(lockFile(dir, RUN))).toBe(false);
  });

  it("takes a live pid whose start time differs for a reused pid, but never takes another host's lock", () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-lock-'));
    writeFileSync(lockFile(dir, RUN), JSON.stringify({ pid: process.pid, pidStart: '1', host: hostname(), since: '2026-11-25T08:00:00.000Z' }));
    const reused = RunLock.acquire(dir, RUN);
    expect(reused.tookOver?.pidStart).toBe('1');
    reused.lock.release();
    writeFileSync(lockFile(dir, RUN), JSON.stringify({ pid: 1, host: 'elsewhere.example.net', since: '2026-11-25T08:00:00.000Z' }));
    expect(() => RunLock.acquire(dir, RUN)).toThrow(/pid 1 on elsewhere\.example\.net since 2026-11-25T08:00:00Z/);
    try {
      RunLock.acquire(dir, RUN);
    } catch (error) {
      expect((error as Refusal).hint).toContain(`delete ${lockFile(dir, RUN)}`);
    }
    writeFileSync(lockFile(dir, RUN), 'not a lock');
    expect(() => RunLock.acquire(dir, RUN)).toThrow('is not a lock record');
  });
});

describe("the ledger's lock", () => {
  // An empty lock is one whose writer died or ran out of space between making it and writing
  // it (a full disk left one before that was fixed): every later run in the folder stopped.
  it('is taken over when it was left empty a while ago, and the line is appended', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-ledger-lock-'));
    const lock = join(dir, 'ledger.lock');
    writeFileSync(lock, '');
    utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const started = Date.now();
    appendLedger(
      dir,
      {
        ts: new Date().toISOString(),
        type: 'run-start',
        run: RUN,
        file: `${RUN}.jsonl`,
        runbook: '1'.repeat(64),
        mode: 'terminal',
        head: '0'.repeat(64),
        events: 1,
      },
      undefined,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(existsSync(lock)).toBe(false);
    expect(readLedger(dir)?.entries.map((e) => e.run)).toEqual([RUN]);
  });
});

describe("the stopped run's step process group", () => {
  it('is running while any process of the group lives, and not once they are gone or the pid was reused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-group-'));
    // The leader exits at once; its background child keeps the group alive.
    const leader = spawn('bash', ['-c', `sleep 30 & echo $! > "${dir}/child"; exit 0`], { detached: true, stdio: 'ignore' });
    await new Promise((r) => leader.on('close', r));
    const child = Number(readFileSync(join(dir, 'child'), 'utf8'));
    const group = { step: 'a', phase: 'run' as const, pid: leader.pid! };
    expect(groupRunning(group)).toBe(true);
    process.kill(child, 'SIGKILL');
    for (let i = 0; i < 100 && groupRunning(group); i++) await new Promise((r) => setTimeout(r, 20));
    expect(groupRunning(group)).toBe(false);
    const sleeper = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pidStart = processStartTime(sleeper.pid!)!;
    expect(groupRunning({ ...group, pid: sleeper.pid!, pidStart })).toBe(true);
    // The same pid with another start time is another process: the step's group is gone.
    expect(groupRunning({ ...group, pid: sleeper.pid!, pidStart: String(Number(pidStart) + 1) })).toBe(false);
    sleeper.kill('SIGKILL');
  });

  it('is the script a log shows started and not ended', () => {
    const base = { v: 1 as const, seq: 0, prev: '', ts: '', run: RUN };
    const start = { ...base, type: 'step-start' as const, step: 'a', index: 0, kind: 'exec' as const, phase: 'run' as const, pid: 42, pidStart: '7' };
    const end = { ...base, type: 'step-end' as const, step: 'a', phase: 'run' as const, ok: true, exitCode: 0, durationMs: 1 };
    expect(unendedScript([start])).toEqual({ step: 'a', phase: 'run', pid: 42, pidStart: '7' });
    expect(unendedScript([start, end])).toBeUndefined();
    expect(unendedScript([start, end, { ...start, phase: 'verify', pid: 43 }])).toMatchObject({ phase: 'verify', pid: 43 });
  });
});

describe("a step's hash", () => {
  it('changes with its script, prose or attributes, not with its position or text outside it', () => {
    const step = (before: string, attrs: string, code: string, prose = 'Do it.') =>
      parseRunbook('x.mdx', Buffer.from(runbook('x', [], `${before}<Step id="a" title="A"${attrs}>\n${prose}\n\n${sh(code)}\n</Step>`))).runbook.steps[0];
    const base = stepHash(step('', '', 'true'));
    expect(stepHash(step('Intro.\n\nMore intro.\n\n', '', 'true'))).toBe(base);
    expect(stepHash(step('', '', 'false'))).not.toBe(base);
    expect(stepHash(step('', ' confirm', 'true'))).not.toBe(base);
    expect(stepHash(step('', '', 'true', 'Do it carefully.'))).not.toBe(base);
  });
});
