// `opsbook log show` of a real fleet run (private sshd daemons as the hosts): the hosts' events,
// interleaved in the log as they came, are shown grouped by host, each with its batch, state,
// exit code, duration and output; `--host` shows one host, `--json` gives the same groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../run/fixture.ts';
import { cli, env, fleetArgs, workspace } from './cli.ts';
import { haveSshd, startFleet, type Fleet } from './sshd.ts';
import { logOf } from '../run/helpers.ts';

let fleet: Fleet;
beforeAll(async () => {
  if (haveSshd) fleet = await startFleet(3);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

interface ShownHost {
  host: string;
  batch: number;
  state: string;
  exitCode: number | null;
  phases: { phase: string; state?: string; output: { stream: string; text: string }[] }[];
}

describe.skipIf(!haveSshd)('opsbook log show of a fleet run', () => {
  it('groups each host’s events under the host, with its state, exit code, duration and output', async () => {
    // Two lines a host, 400 ms apart: in the log, the three hosts' lines interleave. h02's
    // stderr line comes 400 ms after its last stdout line: two pipes keep no order between them.
    const ws = workspace(
      'hosts="$HOSTS"',
      'echo "one on $OPSBOOK_HOST"\nsleep 0.4\necho "two on $OPSBOOK_HOST"\n[ "$OPSBOOK_HOST" != h02 ] || { sleep 0.4; echo "disk full" >&2; exit 3; }',
      `<Verify>\n${sh('echo "verified $OPSBOOK_HOST"')}\n</Verify>\n`,
    );
    const run = await cli(fleetArgs(fleet, ws, 'h01 h02 h03'), ws.dir, { env });
    expect(run.status).toBe(1);
    const id = logOf(ws.logs).run;
    const show = await cli(['log', 'show', id, '--log-dir', ws.logs], ws.dir);
    expect(show.status).toBe(0);
    const lines = show.stdout.split('\n').map((l) => l.replace(/^\+[\d.]+ (ms|s)\s+/, '').replace(/^\s+/, (s) => s.slice(Math.min(s.length, 14))));
    const block = (host: string) => {
      const from = lines.findIndex((l) => l.startsWith(`patch ${host} (batch 1): `));
      expect(from, show.stdout).toBeGreaterThan(-1);
      const to = lines.findIndex((l, i) => i > from && /^(patch h0\d \(batch|patch run)/.test(l));
      return lines.slice(from, to);
    };
    for (const host of ['h01', 'h03'])
      expect(block(host).map((l) => l.replace(/in [\d.]+ (ms|s)/, 'in T'))).toEqual([
        `patch ${host} (batch 1): ok exit 0 in T`,
        '  run ok exit 0 in T',
        `    stdout: one on ${host}`,
        `    stdout: two on ${host}`,
        '  verify ok exit 0 in T',
        `    stdout: verified ${host}`,
      ]);
    expect(block('h02').map((l) => l.replace(/in [\d.]+ (ms|s)/, 'in T'))).toEqual([
      'patch h02 (batch 1): failed exit 3 in T',
      '  run failed exit 3 in T',
      '    stdout: one on h02',
      '    stdout: two on h02',
      '    stderr: disk full',
    ]);
    // The hosts come before the step's end, and no host event is shown on its own line.
    expect(show.stdout).toMatch(/patch h0\d \(batch 1\)[^]*patch run FAILED exit 1/);
    expect(show.stdout).not.toMatch(/started \(batch 1\)/);

    const one = await cli(['log', 'show', id, '--host', 'h02', '--log-dir', ws.logs], ws.dir);
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('patch h02 (batch 1): failed exit 3');
    // Past the run-start line (its HOSTS parameter names all three), only h02.
    expect(one.stdout.split('\n').slice(1).join('\n')).not.toMatch(/h01|h03/);

    const json = await cli(['log', 'show', id, '--json', '--log-dir', ws.logs], ws.dir);
    const data = JSON.parse(json.stdout) as { events: { type: string }[]; fleet: { step: string; hosts: ShownHost[]; pending: string[] }[] };
    expect(data.events.filter((e) => e.type === 'host-end')).toHaveLength(5);
    expect(data.fleet).toHaveLength(1);
    expect(data.fleet[0].hosts.map((h) => `${h.host} ${h.batch} ${h.state} ${h.exitCode} ${h.phases.map((p) => p.phase).join('+')}`).sort()).toEqual([
      'h01 1 ok 0 run+verify',
      'h02 1 failed 3 run',
      'h03 1 ok 0 run+verify',
    ]);
    const h02 = data.fleet[0].hosts.find((h) => h.host === 'h02')!;
    // As logged: a line may arrive in two events; each stream's text is whole.
    const text = (stream: string) =>
      h02.phases[0].output
        .filter((o) => o.stream === stream)
        .map((o) => o.text)
        .join('');
    expect([text('stdout'), text('stderr')]).toEqual(['one on h02\ntwo on h02\n', 'disk full\n']);

    const unknown = await cli(['log', 'show', id, '--host', 'mbx99', '--log-dir', ws.logs], ws.dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`Run \`${id}\` has no host \`mbx99\``);
    expect(unknown.stderr).toContain('Its fleet steps ran on: h01 h02 h03.');
  }, 120_000);

  it('lists the hosts a stopped roll never started as pending', async () => {
    const ws = workspace('hosts="$HOSTS" serial="1"', '[ "$OPSBOOK_HOST" != h01 ] || exit 4');
    const run = await cli(fleetArgs(fleet, ws, 'h01 h02 h03'), ws.dir, { env });
    expect(run.status).toBe(1);
    const id = logOf(ws.logs).run;
    const show = await cli(['log', 'show', id, '--log-dir', ws.logs], ws.dir);
    expect(show.stdout).toMatch(/patch h01 \(batch 1\): failed exit 4 in [\d.]+ m?s\n/);
    expect(show.stdout).toContain('patch pending (not started): h02 h03\n');
  }, 120_000);
});
