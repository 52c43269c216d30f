// Reading a run log is linear in its length, and a resumed run appends exactly after the
// last good line (byte counts of multi-byte text included).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { readHistory } from '../../src/log/history.ts';
import { parseLog } from '../../src/log/read.ts';
import { sha256 } from '../../src/log/writer.ts';
import { opsbook } from '../cli/run-cli.ts';

/** A valid log of `count` events: a run-start, then step output (some of it multi-byte). */
function logText(count: number, run = '20261125T080000Z-a1b2c3'): string {
  const start: EventBody = {
    ts: '2026-11-25T08:00:00.000Z',
    run,
    type: 'run-start',
    runbook: { id: 'big', path: 'runbooks/mailbox/big.mdx', hash: 'a'.repeat(64), title: 'Big', tier: 'II' },
    mode: 'terminal',
    operator: { name: 'Matt Berg' },
    host: 'h',
    parameters: {},
  };
  const output: EventBody[] = Array.from({ length: count - 1 }, (_, i) => ({
    ts: '2026-11-25T08:00:01.000Z',
    run,
    type: 'step-output',
    step: 'a',
    phase: 'run',
    stream: 'stdout',
    text: `line ${i} — größe ✓\n`,
  }));
  return `${sealAll([start, ...output], sha256).join('\n')}\n`;
}

describe('reading a run log', () => {
  it('counts the valid bytes of multi-byte lines exactly, up to a torn line', () => {
    const text = logText(50);
    const torn = `${text}{"v":1,"seq":50`;
    const log = parseLog('x.jsonl', torn);
    expect(log.events).toHaveLength(50);
    expect(log.torn).toBe(true);
    expect(log.validBytes).toBe(Buffer.byteLength(text, 'utf8'));
  });

  it('verifies 16,000 events within a few times the time of 4,000', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-read-'));
    const logs = join(dir, 'logs');
    const time = (count: number): number => {
      const run = `20261125T080000Z-${String(count).padStart(6, '0')}`;
      mkdirSync(logs, { recursive: true });
      writeFileSync(join(logs, `${run}.jsonl`), logText(count, run));
      let best = Infinity;
      for (let i = 0; i < 2; i++) {
        const t0 = performance.now();
        const r = opsbook(['log', 'verify', run, '--log-dir', logs], { cwd: dir });
        best = Math.min(best, performance.now() - t0);
        expect(r.stdout).toContain(`(${count} events)`);
      }
      return best;
    };
    const small = time(4000);
    const large = time(16_000);
    // Linear: about 4 times (less, with the start-up); quadratic was about 8 times.
    expect(large, `${Math.round(small)} ms for 4,000, ${Math.round(large)} ms for 16,000`).toBeLessThan(small * 5);
  }, 180_000);
});

describe('the run history of a log directory', () => {
  it('reads each log once: summaries, logs that fail verify, and per runbook its last run and last success', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-history-'));
    const run = (id: string, result: string | undefined, mode = 'terminal'): string => {
      const start: EventBody = {
        ts: `2026-11-25T08:00:0${id.slice(-1)}.000Z`,
        run: `20261125T08000${id.slice(-1)}Z-a1b2c3`,
        type: 'run-start',
        runbook: { id: 'big', path: 'runbooks/mailbox/big.mdx', hash: 'a'.repeat(64), title: 'Big', tier: 'II' },
        mode: mode as 'terminal',
        operator: { name: 'Matt Berg' },
        host: 'h',
        parameters: {},
      };
      const end: EventBody[] = result ? [{ ts: start.ts, run: start.run, type: 'run-end', result: result as 'failed', durationMs: 1 }] : [];
      writeFileSync(join(dir, `${start.run}.jsonl`), `${sealAll([start, ...end], sha256).join('\n')}\n`);
      return join(dir, `${start.run}.jsonl`);
    };
    run('r1', 'succeeded');
    run('r2', 'failed');
    run('r3', 'succeeded', 'dry-run');
    const edited = run('r4', undefined);
    writeFileSync(edited, `${'{"v":1}'}\n`);
    const history = readHistory(dir);
    expect(history.runs.map((r) => r.result)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(history.unverified).toEqual([edited]);
    const big = history.ofRunbook('big');
    expect(big.runs).toHaveLength(2);
    expect(big.last?.result).toBe('failed');
    expect(big.lastSuccess?.startedAt).toBe('2026-11-25T08:00:01.000Z');
    expect(history.ofRunbook('other')).toEqual({ runs: [] });
    expect(readHistory(join(dir, 'none')).runs).toEqual([]);
  });
});

describe('a --log-dir that is a file', () => {
  it('is one line for log list, show and verify, exit 2, not an internal error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-logfile-'));
    const file = join(dir, 'runs');
    writeFileSync(file, 'not a folder\n');
    for (const args of [['log', 'list'], ['log', 'show', '20261125T101500Z-3f2a1c'], ['log', 'verify', '--all'], ['audit']]) {
      const r = opsbook([...args, '--log-dir', file], { cwd: dir });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`opsbook ${args[0]}: Cannot read run logs in ${file}: it is a file, not a folder (ENOTDIR)`);
      expect(r.stderr).not.toMatch(/internal error|bug in opsbook/);
    }
  });
});

describe('log verify --all over a FIFO or a device named like a run log or the ledger', () => {
  it('names each as not a regular file, fails, and never reads one (it hung)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-fifo-'));
    const logs = join(dir, 'runs');
    mkdirSync(logs);
    symlinkSync('/dev/zero', join(logs, '20261101T080000Z-ffffff.jsonl'));
    execFileSync('mkfifo', [join(logs, '20261101T090000Z-ffffff.jsonl')]);
    execFileSync('mkfifo', [join(logs, 'ledger.jsonl')]);
    const r = opsbook(['log', 'verify', '--all', '--json', '--log-dir', logs], { cwd: dir });
    expect(r.status).toBe(1);
    const verdicts = JSON.parse(r.stdout) as { file: string; ok: boolean; problems: { line: number; message: string }[] }[];
    expect(verdicts.map((v) => [v.file, v.ok, v.problems[0]?.message])).toEqual([
      ['runs/20261101T080000Z-ffffff.jsonl', false, 'not a regular file (a FIFO, a device or a link to one): never read, so no run'],
      ['runs/20261101T090000Z-ffffff.jsonl', false, 'not a regular file (a FIFO, a device or a link to one): never read, so no run'],
      ['runs/ledger.jsonl', false, 'the ledger is not a regular file (a FIFO, a device or a link to one): never read'],
    ]);
  });
});
