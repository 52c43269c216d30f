// Ctrl-C (SIGINT) or SIGTERM while a fleet step pauses between batches (private sshd daemons
// as the hosts): the step ends at once, not when the pause is over; the hosts not started
// stay pending, and the log records the step's end and the run's.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../cli/run-cli.ts';
import { env, fleetArgs, workspace } from './cli.ts';
import { haveSshd, startFleet, type Fleet } from './sshd.ts';
import { logOf } from '../run/helpers.ts';

let fleet: Fleet;
beforeAll(async () => {
  if (haveSshd) fleet = await startFleet(2);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

describe.skipIf(!haveSshd)('a stop during the pause between batches', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    it(`${signal} ends the run at once, the next batch pending`, async () => {
      const ws = workspace('hosts="$HOSTS" serial="1" pause="10m"', 'echo "$OPSBOOK_HOST" >> "$MARKS/ran"');
      const child = spawn(process.execPath, [BIN, ...fleetArgs(fleet, ws, 'h01 h02')], { cwd: ws.dir, env: { ...process.env, ...env, NO_COLOR: '1' } });
      let stdout = '';
      let signalled = 0;
      child.stdout.setEncoding('utf8').on('data', (t: string) => {
        stdout += t;
        if (!signalled && stdout.includes('Pausing 10:00 before batch 2/2 (1 host).')) {
          signalled = Date.now();
          child.kill(signal);
        }
      });
      const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(signalled, stdout).toBeGreaterThan(0);
      expect(Date.now() - signalled).toBeLessThan(15_000);
      // A first Ctrl-C stops the step (which then fails, as any step does); SIGTERM ends the run.
      expect(status).toBe(signal === 'SIGINT' ? 1 : 143);
      expect(ws.ran()).toEqual(['h01']);
      expect(stdout).toContain('pending (not started) on h02');
      const log = logOf(ws.logs)
        .text.trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; step?: string; ok?: boolean; result?: string });
      expect(log.find((e) => e.type === 'step-end')).toMatchObject({ step: 'patch', ok: false });
      expect(log.at(-1)).toMatchObject({ type: 'run-end', result: signal === 'SIGINT' ? 'failed' : 'aborted' });
    }, 120_000);
});
