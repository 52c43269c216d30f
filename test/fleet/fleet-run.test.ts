// Fleet steps against real OpenSSH: private sshd daemons answer as 15 loopback hosts, the
// CLI runs a step on them with the user's own ssh client (a test ssh config via
// --ssh-config), and the run log records every host.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../cli/run-cli.ts';
import { sh } from '../run/fixture.ts';
import { cli, env, failOn, fleetArgs, hostEnds, names, workspace } from './cli.ts';
import { haveSshd, startFleet, type Fleet } from './sshd.ts';
import { logOf } from '../run/helpers.ts';

let fleet: Fleet;
beforeAll(async () => {
  if (haveSshd) fleet = await startFleet(15);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

const args = (ws: { out: string; logs: string }, hosts: string, more: string[] = []) => fleetArgs(fleet, ws, hosts, more);

describe.skipIf(!haveSshd)('fleet steps over OpenSSH', () => {
  it('stops the roll after the batch where a host fails; hosts not started stay pending', async () => {
    const ws = workspace('hosts="$HOSTS" serial="2" max_fail="0"', failOn(['127.0.0.12']));
    const r = await cli(args(ws, names(6).join(' ')), ws.dir, { env });
    expect(r.status).toBe(1);
    expect(ws.ran()).toEqual(['h01', 'h02', 'h03', 'h04']);
    expect(r.stdout).toContain('Batch 2: 1 of 2 hosts failed, over max_fail; stopping the roll.');
    expect(r.stdout).toContain('ok on 3 hosts');
    expect(r.stdout).toContain('failed on h03: exit 3: disk full');
    expect(r.stdout).toContain('pending (not started) on 2 hosts (h05, h06)');
    expect(hostEnds(ws.logs).sort()).toEqual(['h01 run ok 0', 'h02 run ok 0', 'h03 run failed 3', 'h04 run ok 0']);
    const verify = await cli(['log', 'verify', '--all', '--log-dir', ws.logs], ws.dir);
    expect(verify.stdout).toContain('1 of 1 logs verified');
  }, 120_000);

  for (const maxFail of ['1', '25%']) {
    it(`max_fail="${maxFail}" tolerates one failed host of a batch of 4 and stops at two`, async () => {
      const ws = workspace(`hosts="$HOSTS" serial="4" max_fail="${maxFail}"`, failOn(['127.0.0.11', '127.0.0.15', '127.0.0.16']));
      const r = await cli(args(ws, names(12).join(' ')), ws.dir, { env });
      expect(r.status).toBe(1);
      expect(ws.ran()).toEqual(names(8));
      expect(r.stdout).toContain('Batch 2: 2 of 4 hosts failed, over max_fail; stopping the roll.');
      expect(r.stdout).toContain('failed on 3 hosts (h02, h06, h07): exit 3: disk full');
      expect(r.stdout).toContain('pending (not started) on 4 hosts (h09, h10, h11, h12)');
    }, 120_000);
  }

  it('tells an unreachable host (ssh exit 255) from a script that exits 255', async () => {
    const ws = workspace('hosts="$HOSTS"', 'echo "$OPSBOOK_HOST" >> "$MARKS/ran"\n[ "$OPSBOOK_HOST" != h02 ] || exit 255');
    const r = await cli(args(ws, 'h01 dead h02'), ws.dir, { env });
    expect(r.status).toBe(1);
    expect(ws.ran()).toEqual(['h01', 'h02']);
    expect(hostEnds(ws.logs).sort()).toEqual(['dead run unreachable 255', 'h01 run ok 0', 'h02 run failed 255']);
    expect(r.stdout).toMatch(/unreachable on dead: unreachable: ssh: connect to host 127\.0\.0\.250 port \d+: Connection refused/);
    expect(r.stdout).toContain('failed on h02: exit 255');
  }, 120_000);

  it("kills a host's ssh at the step's timeout and records it as timed out", async () => {
    const ws = workspace('hosts="$HOSTS" timeout="5s"', 'echo "$OPSBOOK_HOST" >> "$MARKS/ran"\n[ "$OPSBOOK_HOST" != h02 ] || sleep 40');
    const started = Date.now();
    const r = await cli(args(ws, 'h01 h02'), ws.dir, { env: { ...env, OPSBOOK_GRACE_MS: '500' } });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.status).toBe(1);
    expect(hostEnds(ws.logs).sort()).toEqual(['h01 run ok 0', expect.stringMatching(/^h02 run timed-out /)]);
    expect(r.stdout).toContain('timed-out on h02');
  }, 120_000);

  it('runs verify per host (a failed verify fails that host) and rolls back the failed ones', async () => {
    const ws = workspace(
      'hosts="$HOSTS"',
      'echo "$OPSBOOK_HOST" >> "$MARKS/ran"',
      `<Verify>\n${sh('[ "$OPSBOOK_HOST" != h02 ] || { echo "service down"; exit 1; }')}\n</Verify>\n<Rollback>\n${sh('echo "$OPSBOOK_HOST" >> "$MARKS/rolled-back"')}\n</Rollback>\n`,
    );
    const r = await cli(args(ws, 'h01 h02 h03', ['--rollback-on-failure']), ws.dir, { env });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('failed on h02: verify exit 1: service down');
    expect(readFileSync(join(ws.out, 'rolled-back'), 'utf8')).toBe('h02\n');
    expect(hostEnds(ws.logs).filter((e) => e.startsWith('h02'))).toEqual(['h02 run ok 0', 'h02 verify failed 1', 'h02 rollback ok 0']);
  }, 120_000);

  it('after kill -9 mid-batch, --resume runs only the hosts without a host-end ok', async () => {
    const ws = workspace(
      'hosts="$HOSTS" serial="2"',
      'echo "$OPSBOOK_HOST" >> "$MARKS/ran"\nif [ "$OPSBOOK_HOST" = h03 ] && [ -e "$MARKS/slow" ]; then sleep 6; fi',
    );
    writeFileSync(join(ws.out, 'slow'), '');
    let pid = 0;
    const first = cli(args(ws, names(6).join(' ')), ws.dir, { env, onSpawn: (p) => (pid = p) });
    for (const until = Date.now() + 60_000; ;) {
      if (existsSync(ws.logs) && readdirSync(ws.logs).some((f) => f.endsWith('.jsonl') && f !== 'ledger.jsonl') && hostEnds(ws.logs).includes('h04 run ok 0'))
        break;
      if (Date.now() > until) throw new Error('h04 never finished');
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(pid, 'SIGKILL');
    await first;
    rmSync(join(ws.out, 'slow'));
    const run = logOf(ws.logs).run;
    // No --ssh-config this time: the resume takes the one the run started with. h03's script
    // of the killed run may still be sleeping on its host (here the same machine, where the
    // resume sees it): --wait lets it end first instead of running h03 twice at once.
    const r = await cli(['run', '--resume', run, '--yes', '--wait', '--secret-env', 'TOKEN=FLEET_TOKEN', '--log-dir', ws.logs], ws.dir, { env });
    expect(r.stderr.replace(/^Waiting: .*\nProcess group \d+ ended after [\d.]+ s\.\n/, '')).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Done in the earlier run, not run again: h01 h02 h04');
    expect(ws.ran()).toEqual(['h01', 'h02', 'h03', 'h03', 'h04', 'h05', 'h06']);
  }, 120_000);

  it('keeps secrets out of every process argument list on both sides, and out of the log', async () => {
    const ws = workspace('hosts="$HOSTS"', 'sleep 2\n[ "$TOKEN" = tok-3f9a1c-secret ] && echo "token $TOKEN ok on $OPSBOOK_HOST"');
    let seen = '';
    let remote = 0;
    const scanning = { on: true };
    const scan = (async () => {
      while (scanning.on) {
        for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
          try {
            const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
            if (cmdline.includes('tok-3f9a1c')) seen += `${p}: ${cmdline.replace(/\0/g, ' ')}\n`;
            if (/^(\S*\/)?bash\0-s\0$/.test(cmdline)) remote++;
          } catch {
            // gone
          }
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const r = await cli(args(ws, 'h01 h02 h03'), ws.dir, { env });
    scanning.on = false;
    await scan;
    expect(seen).toBe('');
    // The scan ran while the hosts' shells (sshd's children reading the script) were there.
    expect(remote).toBeGreaterThan(0);
    expect(r.status).toBe(0);
    const { text: log, events } = logOf(ws.logs);
    expect(log).not.toContain('tok-3f9a1c');
    // A host's output may reach the log in more than one event (as ssh delivered it): read it whole.
    const h02 = events.filter((e) => e.type === 'host-output' && e.host === 'h02' && e.stream === 'stdout').map((e) => String(e.text));
    expect(h02.join('')).toContain('token [redacted] ok on h02');
  }, 120_000);

  it('passes a value with quotes, $(…) and a newline to the host as data, not code', async () => {
    const ws = workspace('hosts="$HOSTS"', 'printf \'%s\' "$TOKEN" > "$MARKS/token-$OPSBOOK_HOST"');
    const value = 'it\'s $(touch pwned) `id` \\ "q"\nline two';
    const r = await cli(args(ws, 'h01'), ws.dir, { env: { FLEET_TOKEN: value } });
    expect(r.status).toBe(0);
    expect(readFileSync(join(ws.out, 'token-h01'), 'utf8')).toBe(value);
    // The host's shell starts in the login's home: nothing there ran `touch`.
    expect(existsSync(join(homedir(), 'pwned'))).toBe(false);
  }, 120_000);

  it('resolves @group from INI and YAML inventories with ranges, children and ansible_host', async () => {
    const ws = workspace('hosts="@stores !@dc2"', 'echo "$OPSBOOK_HOST" >> "$MARKS/ran"');
    writeFileSync(join(ws.dir, 'hosts.ini'), '[dc1]\nh[01:03]\n\n[dc2]\nh04\n\n[stores:children]\ndc1\ndc2\n');
    const ini = await cli([...args(ws, ''), '--inventory', 'hosts.ini'], ws.dir, { env });
    expect(ini.status).toBe(0);
    expect(ws.ran()).toEqual(['h01', 'h02', 'h03']);
    rmSync(join(ws.out, 'ran'));
    writeFileSync(
      join(ws.dir, 'runbooks', 'inventory.yaml'),
      `all:\n  children:\n    stores:\n      children:\n        dc1:\n          hosts:\n            store-a: { ansible_host: 127.0.0.20, ansible_port: ${fleet.port} }\n        dc2:\n          hosts:\n            h05:\n`,
    );
    const yaml = await cli(args(ws, ''), ws.dir, { env });
    expect(yaml.status).toBe(0);
    expect(ws.ran()).toEqual(['store-a']);
  }, 120_000);

  it('pauses between batches and, with confirm, asks before each batch; an abort leaves the rest pending', async () => {
    const ws = workspace('hosts="$HOSTS" serial="1" pause="1s" confirm', 'echo "$OPSBOOK_HOST" >> "$MARKS/ran"');
    const r = await cli(args(ws, 'h01 h02 h03'), ws.dir, { env, input: 'r\nc\na\n' });
    expect(r.status).toBe(1);
    expect(ws.ran()).toEqual(['h01', 'h02']);
    expect(r.stdout).toContain('Pausing 0:01 before batch 2/3 (1 host).\nContinue with batch 2/3 (1 host)? [c]ontinue / [a]bort c\n');
    expect(r.stdout).toContain('pending (not started) on h03');
    expect(r.stderr).toContain('Run aborted: aborted by the operator before batch 3/3 (1 host) of patch');
  }, 120_000);

  it.skipIf(!existsSync('/usr/bin/script'))(
    'shows live batch progress on a terminal, and a pause the operator cuts short',
    async () => {
      const ws = workspace('hosts="$HOSTS" serial="2" pause="10m"', 'echo "$OPSBOOK_HOST" >> "$MARKS/ran"');
      const command = [process.execPath, BIN, ...args(ws, 'h01 h02 h03')].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
      const started = Date.now();
      const output = await new Promise<string>((resolve) => {
        const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ws.dir, env: { ...process.env, ...env, NO_COLOR: '1', TERM: 'dumb' } });
        let text = '';
        let answered = false;
        const onData = (data: Buffer) => {
          text += data.toString();
          if (!answered && /\[g\]o now \/ \[a\]bort\? $/.test(text)) {
            answered = true;
            child.stdin.write('g\r');
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('close', () => resolve(text));
      });
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(output).toMatch(/\r\x1b\[Kbatch 1\/2: 0 ok, 0 failed, 2 running/);
      expect(output).toContain('batch 1/2: 2 ok, 0 failed, 0 running');
      expect(output).toMatch(/Pause: batch 2\/2 \(1 host\) in (10:00|9:5\d) — \[g\]o now \/ \[a\]bort\? /);
      expect(output).toContain('batch 2/2: 1 ok, 0 failed, 0 running');
      expect(ws.ran()).toEqual(['h01', 'h02', 'h03']);
    },
    120_000,
  );

  it('prints the batches and their hosts with --dry-run, and --hosts narrows them', async () => {
    const ws = workspace('hosts="$HOSTS" serial="1,2,50%"', 'echo hi');
    const r = await cli([...args(ws, names(8).join(' ')), '--dry-run'], ws.dir, { env });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'Hosts: 8 in 4 batches (hosts="$HOSTS", serial="1,2,50%", max_fail=0 per batch)\n  batch 1/4: h01\n  batch 2/4: h02 h03\n  batch 3/4: h04 h05 h06 h07\n  batch 4/4: h08\n',
    );
    const narrowed = await cli([...args(ws, names(8).join(' ')), '--dry-run', '--hosts', 'h02,h07'], ws.dir, { env });
    expect(narrowed.stdout).toContain('Hosts: 2 in 2 batches');
  }, 120_000);
});
