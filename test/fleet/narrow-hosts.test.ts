// `--hosts` over a runbook with several fleet steps (private sshd daemons as the hosts): it
// narrows each step to the named hosts among its own, a step with none of them runs on no
// host, and a name that is in no fleet step, or no name at all, is an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbook, runWorkspace, sh } from '../run/fixture.ts';
import { cli, env } from './cli.ts';
import { haveSshd, startFleet, type Fleet } from './sshd.ts';

let fleet: Fleet;
beforeAll(async () => {
  if (haveSshd) fleet = await startFleet(4);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

function twoSteps() {
  return runWorkspace({
    two: runbook(
      'two-layers',
      [],
      `<Step id="stores" title="On the stores" hosts="h01 h02">\n${sh('echo "store $OPSBOOK_HOST"')}\n</Step>\n\n<Step id="proxies" title="On the proxies" hosts="h03 h04">\n${sh('echo "proxy $OPSBOOK_HOST"')}\n</Step>\n`,
    ),
  });
}

describe.skipIf(!haveSshd)('--hosts over several fleet steps', () => {
  it('runs each step on the named hosts it has, and a step with none of them on no host', async () => {
    const ws = twoSteps();
    const r = await cli(['run', 'two-layers', '--yes', '--hosts', 'h02', '--ssh-config', fleet.sshConfig, '--log-dir', ws.logs], ws.dir, { env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ok on h02');
    expect(r.stdout).toContain('--hosts names none of the hosts of proxies; nothing to run on them.');
    expect(r.stdout).not.toMatch(/(ok|failed|unreachable) +(on )?h0[134]/);
  }, 120_000);

  it('refuses a name that is in no fleet step, and an empty list', async () => {
    const ws = twoSteps();
    const typo = await cli(['run', 'two-layers', '--dry-run', '--hosts', 'h02,h99', '--log-dir', ws.logs], ws.dir, { env });
    expect(typo.stdout + typo.stderr).toContain('--hosts names `h99`, not among the hosts of any fleet step');
    const proxyOnly = await cli(['run', 'two-layers', '--dry-run', '--hosts', 'h03', '--log-dir', ws.logs], ws.dir, { env });
    expect(proxyOnly.stdout).toContain('--hosts names none of its hosts: nothing to run on them.');
    expect(proxyOnly.stdout).toContain('  batch 1/1: h03\n');
    const empty = await cli(['run', 'two-layers', '--dry-run', '--hosts', '', '--log-dir', ws.logs], ws.dir, { env });
    expect(empty.stdout + empty.stderr).toContain('--hosts names no host');
  }, 120_000);
});
