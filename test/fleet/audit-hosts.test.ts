// The audit's exercise figures of real fleet runs (private sshd daemons as the hosts): a fleet
// run, resumed or not, is one run, told with its host counts (ok, failed, pending), in
// `opsbook audit`, its --json, and the run summaries `opsbook log list --json` gives.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, env, fleetArgs, names, workspace } from './cli.ts';
import { haveSshd, startFleet, type Fleet } from './sshd.ts';
import { logOf } from '../run/helpers.ts';

let fleet: Fleet;
beforeAll(async () => {
  if (haveSshd) fleet = await startFleet(6);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

interface AuditJson {
  runbooks: {
    id: string;
    lastRun?: string;
    lastSuccess?: string;
    lastRunResult?: string;
    lastRunHosts?: Record<string, number>;
    lastSuccessHosts?: Record<string, number>;
  }[];
}

const later = () => new Date(Date.now() + 60_000).toISOString();
const today = () => new Date().toISOString().slice(0, 10);
/** Fails on h02 and h05 (by their loopback address) while "$MARKS/broken" exists. */
const brokenOnTwo =
  'echo "$OPSBOOK_HOST" >> "$MARKS/ran"\nif [ -e "$MARKS/broken" ]; then case " $SSH_CONNECTION " in *" 127.0.0.11 "*|*" 127.0.0.14 "*) echo "disk full" >&2; exit 3;; esac; fi\necho ok';

describe.skipIf(!haveSshd)('the audit counts a fleet run as one run with its hosts', () => {
  it('a run failed on 2 hosts, then its resume (of those 2 only): one run, 6 hosts: 4 ok, 2 failed, then 6 ok', async () => {
    const ws = workspace('hosts="$HOSTS"', brokenOnTwo);
    writeFileSync(join(ws.out, 'broken'), '');
    const first = await cli(fleetArgs(fleet, ws, names(6).join(' ')), ws.dir, { env });
    expect(first.status).toBe(1);
    const audit = await cli(['audit', '--at', later(), '--log-dir', ws.logs], ws.dir);
    expect(audit.stdout).toContain(
      `Exercise (runs in the logs; a fleet run is one run, with its hosts):\n  fleet-test  never exercised; last run ${today()} failed, 6 hosts: 4 ok, 2 failed\n`,
    );
    const json = JSON.parse((await cli(['audit', '--at', later(), '--json', '--log-dir', ws.logs], ws.dir)).stdout) as AuditJson;
    expect(json.runbooks.find((r) => r.id === 'fleet-test')).toMatchObject({
      lastRunResult: 'failed',
      lastRunHosts: { hosts: 6, ok: 4, failed: 2, unreachable: 0, 'timed-out': 0, skipped: 0, pending: 0 },
    });

    rmSync(join(ws.out, 'broken'));
    const run = logOf(ws.logs).run;
    const resumed = await cli(['run', '--resume', run, '--yes', '--secret-env', 'TOKEN=FLEET_TOKEN', '--log-dir', ws.logs], ws.dir, { env });
    expect(resumed.status, resumed.stderr).toBe(0);
    // A run that failed at a fleet step resumes with only the hosts that did not finish ok.
    expect(resumed.stdout).toContain('Done in the earlier run, not run again: h01 h03 h04 h06');
    expect(ws.ran()).toEqual(['h01', 'h02', 'h02', 'h03', 'h04', 'h05', 'h05', 'h06']);
    const after = await cli(['audit', '--at', later(), '--log-dir', ws.logs], ws.dir);
    expect(after.stdout).toContain(`  fleet-test  exercised ${today()} (terminal), 6 hosts: 6 ok\n`);
    const list = JSON.parse((await cli(['log', 'list', '--json', '--log-dir', ws.logs], ws.dir)).stdout) as {
      result: string;
      hosts?: Record<string, number>;
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ result: 'succeeded', hosts: { hosts: 6, ok: 6, failed: 0, pending: 0 } });
  }, 180_000);

  it('a roll stopped after its first batch: the hosts never started count as pending', async () => {
    const ws = workspace('hosts="$HOSTS" serial="2"', '[ "$OPSBOOK_HOST" != h02 ] || exit 3');
    const r = await cli(fleetArgs(fleet, ws, names(6).join(' ')), ws.dir, { env });
    expect(r.status).toBe(1);
    const audit = await cli(['audit', '--at', later(), '--log-dir', ws.logs], ws.dir);
    expect(audit.stdout).toContain(`  fleet-test  never exercised; last run ${today()} failed, 6 hosts: 1 ok, 1 failed, 4 pending\n`);
  }, 120_000);
});
