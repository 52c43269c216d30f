// Bad days: a log on a full disk, a value too big for the kernel, a timeout longer than a
// JavaScript timer holds. Each gives one clear line and stops before harm, or is honoured.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { argMax, checkEnvLimits, MAX_ARG_STRLEN } from '../../src/run/env-limits.ts';
import { opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';
import { alive, logOf } from './helpers.ts';

const OUT = "{ name: OUT, description: Output folder, pattern: '^/.*$' }";

const small = mkdtempSync(join(tmpdir(), 'opsbook-tmpfs-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status === 0;
afterAll(() => {
  if (mounted) spawnSync('umount', [small]);
  rmSync(small, { recursive: true, force: true });
});

describe.skipIf(!mounted)('a run log on a full disk', () => {
  it("stops the run, ends the running step's group and says so in one line", () => {
    const w = runWorkspace({
      full: runbook(
        'full',
        [OUT],
        `<Step id="loud" title="Loud">\n${sh('sleep 300 & echo $! > "$OUT/child"; for i in $(seq 1 4000); do echo "line $i of a step that writes a lot of output to its log"; done; wait')}\n</Step>\n\n<Step id="next" title="Next">\n${sh('touch "$OUT/next"')}\n</Step>`,
      ),
    });
    const logs = join(small, 'logs');
    const started = Date.now();
    const r = opsbook(['run', 'full', '--yes', '--param', `OUT=${w.out}`, '--log-dir', logs], { cwd: w.dir, env: { OPSBOOK_GRACE_MS: '500' } });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    const line = lines.find((l) => l.includes('could not be written'));
    expect(line, r.stderr).toMatch(
      new RegExp(
        `^Run stopped: the run log ${logs}/\\S+\\.jsonl could not be written \\(ENOSPC: no space left on device, write\\); step loud was stopped and no further step was run\\.$`,
      ),
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('internal error');
    expect(existsSync(join(w.out, 'next'))).toBe(false);
    expect(alive(Number(readFileSync(join(w.out, 'child'), 'utf8')))).toBe(false);
    const { events } = logOf(logs);
    expect(events[0]).toMatchObject({ type: 'run-start' });
    expect(events.some((e) => e.type === 'run-end')).toBe(false);
  }, 90_000);
});

describe.skipIf(!mounted)('a log folder that cannot be written', () => {
  const readOnly = mkdtempSync(join(tmpdir(), 'opsbook-ro-'));
  const ro = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly]).status === 0;
  afterAll(() => {
    if (ro) spawnSync('umount', [readOnly]);
    rmSync(readOnly, { recursive: true, force: true });
  });

  it.skipIf(!ro)('is one line like any user error, exit 2, nothing run', () => {
    const w = runWorkspace({ a: runbook('a', [OUT], `<Step id="a" title="A">\n${sh('touch "$OUT/ran"')}\n</Step>`) });
    const logs = join(readOnly, 'logs');
    const r = opsbook(['run', 'a', '--yes', '--param', `OUT=${w.out}`, '--log-dir', logs], { cwd: w.dir });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^opsbook run: Cannot write run logs in .*: .*\(E[A-Z]+\)$/);
    expect(r.stderr).not.toContain('internal error');
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
  });
});

describe.skipIf(!mounted)('a log folder that was full', () => {
  const disk = mkdtempSync(join(tmpdir(), 'opsbook-full-'));
  const made = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]).status === 0;
  afterAll(() => {
    if (made) spawnSync('umount', [disk]);
    rmSync(disk, { recursive: true, force: true });
  });

  // However full the disk is when a run starts (its lock, its log's first line or the
  // ledger's lock cannot be written), the run leaves no lock or half-made file behind, and
  // once there is room again the next run in that folder runs.
  it.skipIf(!made)(
    'keeps no lock or half-made file, and the next run runs once there is room',
    () => {
      const w = runWorkspace({ a: runbook('a', [OUT], `<Step id="a" title="A">\n${sh('touch "$OUT/ran"')}\n</Step>`) });
      const logs = join(disk, 'logs');
      for (let free = 16; free >= 0; free -= 2) {
        rmSync(logs, { recursive: true, force: true });
        rmSync(join(w.out, 'ran'), { force: true });
        writeFileSync(join(disk, 'fill'), '');
        // Fill the disk up to `free` KiB (tmpfs counts whole 4 KiB pages).
        spawnSync('sh', ['-c', `head -c ${64 - free}k /dev/zero > "$0"`, join(disk, 'fill')]);
        const full = opsbook(['run', 'a', '--yes', '--param', `OUT=${w.out}`, '--log-dir', logs], { cwd: w.dir });
        expect(full.stderr, `${free} KiB free`).not.toMatch(/internal error|stays locked|^\s+at /m);
        const left = existsSync(logs) ? readdirSync(logs).filter((f) => !/^[^.].*\.jsonl$/.test(f)) : [];
        expect(left, `${free} KiB free: ${full.stderr}`).toEqual([]);
        rmSync(join(disk, 'fill'));
        const next = opsbook(['run', 'a', '--yes', '--param', `OUT=${w.out}`, '--log-dir', logs], { cwd: w.dir });
        expect(next.status, `${free} KiB free, then room: ${next.stderr}`).toBe(0);
        expect(existsSync(join(w.out, 'ran'))).toBe(true);
      }
    },
    180_000,
  );
});

describe("values over the kernel's argument limits", () => {
  it('a secret over 128 KiB is a parameter error before the run, naming it and not its value', () => {
    const w = runWorkspace({
      big: runbook('big', [OUT, '{ name: BLOB, description: A big secret, secret: true }'], `<Step id="a" title="A">\n${sh('touch "$OUT/ran"')}\n</Step>`),
    });
    const file = join(w.dir, 'blob');
    writeFileSync(file, `${'q'.repeat(200 * 1024)}\n`);
    const r = opsbook(['run', 'big', '--yes', '--param', `OUT=${w.out}`, '--secret-file', `BLOB=${file}`, '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`\`BLOB\` is ${200 * 1024 + 6} bytes as an environment variable; the kernel passes at most 131072 bytes (128 KiB) per variable`);
    expect(r.stderr).not.toContain('qqqq');
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
    expect(existsSync(w.logs)).toBe(false);
  });

  it('the sum of the environment over ARG_MAX is refused with the largest variables named', () => {
    const env = { A: 'a'.repeat(100_000), B: 'b'.repeat(100_000), C: 'c'.repeat(10) };
    expect(checkEnvLimits(env, ['bash', 'step.sh'], 1_000_000)).toBeUndefined();
    const problem = checkEnvLimits(env, ['bash', 'step.sh'], 150_000);
    expect(problem?.message).toMatch(
      /^A step's environment and arguments would be \d+ bytes; the kernel accepts at most 150000 \(ARG_MAX, from the stack size limit\)\. Largest: `A` 100003 bytes, `B` 100003 bytes, `C` 13 bytes$/,
    );
    expect(checkEnvLimits({ X: 'x'.repeat(MAX_ARG_STRLEN) }, [], 10 ** 9)?.message).toContain('`X` is 131075 bytes');
  });

  it('ARG_MAX follows the stack limit as execve does', () => {
    expect(argMax('Max stack size            8388608              unlimited            bytes\n')).toBe(2 * 1024 * 1024);
    expect(argMax('Max stack size            unlimited            unlimited            bytes\n')).toBe(6 * 1024 * 1024);
    expect(argMax('Max stack size            65536                unlimited            bytes\n')).toBe(MAX_ARG_STRLEN);
  });
});

describe('timeouts longer than a JavaScript timer holds', () => {
  it('are written in days or weeks as well: an invalid step timeout names every unit', () => {
    const w = runWorkspace({ t: runbook('t', [], `<Step id="s" title="S" timeout="1ms">\n${sh('true')}\n</Step>`) });
    const check = opsbook(['check', '--format', 'json', '--today', '2026-11-24'], { cwd: w.dir });
    expect(JSON.parse(check.stdout).diagnostics.map((d: { message: string }) => d.message)).toEqual([
      'Invalid timeout `1ms` on step `s`; expected a whole number and a unit s, m, h, d or w (e.g. `10m`, `30d`)',
    ]);
  });

  it('a 30d step timeout does not kill a short step', () => {
    const w = runWorkspace({ slow: runbook('slow', [OUT], `<Step id="s" title="S" timeout="30d">\n${sh('sleep 1; touch "$OUT/done"')}\n</Step>`) });
    mkdirSync(w.logs);
    const r = opsbook(['run', 'slow', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(w.out, 'done'))).toBe(true);
    expect(logOf(w.logs).events.find((e) => e.type === 'step-end')).toMatchObject({ ok: true, exitCode: 0 });
    expect(r.stderr).not.toContain('TimeoutOverflowWarning');
  });
});
