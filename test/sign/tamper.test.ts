// Each tamper of issue 18 passed `opsbook log verify` before runs were signed and ledgered;
// now each is named with its line. The runs are real runs signed with real ed25519 keys.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256 } from '../../src/log/writer.ts';
import { signWorkspace } from './keys.ts';

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const keep = (file: string, n: number) => writeFileSync(file, `${lines(file).slice(0, n).join('\n')}\n`);

describe('a signed run', () => {
  it('verifies, signed by its operator, with a checkpoint after every step-end and a signed run-end', () => {
    const w = signWorkspace();
    const run = w.signedRun();
    const events = lines(join(w.logs, `${run}.jsonl`)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.filter((e) => e.type === 'checkpoint').map((e) => [e.step, e.phase])).toEqual([
      ['a', 'run'],
      ['b', 'run'],
      ['b', 'verify'],
      ['c', 'run'],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', result: 'succeeded', signature: { events: events.length } });
    const v = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(v.stdout).toContain(`ok      logs/${run}.jsonl (${events.length} events), signed by mberg\n`);
    expect(v.stdout).toContain('ok      logs/ledger.jsonl (2 lines), signed by mberg\n');
    expect(v.stdout).toContain('1 of 1 logs verified (1 signed); the ledger verified.');
    expect(v.status).toBe(0);
    // OpenSSH itself agrees: the run-end's signature is a good opsbook-run signature by mberg.
    const end = events.at(-1) as { signature: { events: number; head: string; ssh: string } };
    const hash = (events[0] as { runbook: { hash: string } }).runbook.hash;
    writeFileSync(join(w.dir, 'sig'), end.signature.ssh);
    writeFileSync(join(w.dir, 'allowed'), `mberg namespaces="opsbook-run" ${w.mberg.line}\n`);
    const text = `opsbook-run v1\nrun ${run}\nrunbook ${hash}\nevents ${end.signature.events}\nhead ${end.signature.head}\n`;
    const found = spawnSync('ssh-keygen', ['-Y', 'find-principals', '-f', join(w.dir, 'allowed'), '-s', join(w.dir, 'sig')], { encoding: 'utf8' });
    expect(found.stdout.trim()).toBe('mberg');
    const ok = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', join(w.dir, 'allowed'), '-I', 'mberg', '-n', 'opsbook-run', '-s', join(w.dir, 'sig')], {
      input: text,
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
  });
});

describe('tampering with a signed run is named with its line', () => {
  const setup = () => {
    const w = signWorkspace();
    const run = w.signedRun();
    const file = join(w.logs, `${run}.jsonl`);
    return { w, run, file, count: lines(file).length, verify: () => w.cli(['log', 'verify', run, '--log-dir', w.logs]) };
  };

  it('the last line edited (succeeded → failed)', () => {
    const { file, count, verify, run } = setup();
    const all = lines(file);
    all[count - 1] = all[count - 1].replace('"result":"succeeded"', '"result":"failed"');
    writeFileSync(file, `${all.join('\n')}\n`);
    const v = verify();
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(
      `FAILED  logs/${run}.jsonl:${count}: the signature is not of this line (its head or event count differs): the line was changed after signing\n`,
    );
  });

  it('the last line edited and its signed head recomputed: the signature itself is invalid', () => {
    const { file, count, verify, run } = setup();
    const all = lines(file);
    const end = JSON.parse(all[count - 1].replace('"result":"succeeded"', '"result":"failed"')) as { signature: { head: string } };
    const { signature, ...rest } = end;
    signature.head = sha256(JSON.stringify(rest));
    all[count - 1] = JSON.stringify({ ...rest, signature });
    writeFileSync(file, `${all.join('\n')}\n`);
    const v = verify();
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`FAILED  logs/${run}.jsonl:${count}: signature invalid: not a good signature of this line by mberg's key\n`);
  });

  for (const cut of [1, 10]) {
    it(`the last ${cut} line${cut > 1 ? 's' : ''} deleted`, () => {
      const { file, count, verify, run } = setup();
      keep(file, count - cut);
      const v = verify();
      expect(v.status).toBe(1);
      expect(v.stdout).toContain(
        `FAILED  logs/${run}.jsonl:${count - cut + 1}: tail cut: the ledger recorded ${count} events at the run's end, the log has ${count - cut}\n`,
      );
    });
  }

  it('all but one line deleted', () => {
    const { file, count, verify, run } = setup();
    keep(file, 1);
    const v = verify();
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`FAILED  logs/${run}.jsonl:2: tail cut: the ledger recorded ${count} events at the run's end, the log has 1\n`);
  });

  it('the whole chain rewritten with another operator and re-hashed, signatures kept or stripped', () => {
    const { file, verify, run } = setup();
    const original = readFileSync(file, 'utf8');
    const rewrite = (strip: boolean) => {
      const bodies = original
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((e) => !strip || e.type !== 'checkpoint')
        .map(({ v: _v, seq: _s, prev: _p, ...e }) => {
          if (strip) delete e.signature;
          if (e.type === 'run-start') e.operator = { id: 'akhan', name: 'Aisha Khan', user: 'akhan', tier: 'II' };
          return e as unknown as EventBody;
        });
      writeFileSync(file, `${sealAll(bodies, sha256).join('\n')}\n`);
    };
    rewrite(false);
    const kept = verify();
    expect(kept.status).toBe(1);
    expect(kept.stdout).toMatch(new RegExp(`FAILED  logs/${run}\\.jsonl:\\d+: the signature is not of this line`));
    expect(kept.stdout).toContain(`FAILED  logs/${run}.jsonl:1: the log differs from what the ledger recorded at the run's start (rewritten)\n`);
    rewrite(true);
    const stripped = verify();
    expect(stripped.status).toBe(1);
    expect(stripped.stdout).toContain(`FAILED  logs/${run}.jsonl:1: the log differs from what the ledger recorded at the run's start (rewritten)\n`);
  });

  it("another run's log copied under this run's name", () => {
    const { w, file, verify, run } = setup();
    const other = w.signedRun();
    copyFileSync(join(w.logs, `${other}.jsonl`), file);
    const v = verify();
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`FAILED  logs/${run}.jsonl:1: its run id \`${other}\` is not its file name \`${run}.jsonl\` (another run's log copied here)\n`);
  });

  it('an empty file: the run vanishes', () => {
    const { file, verify, run } = setup();
    writeFileSync(file, '');
    const v = verify();
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`FAILED  logs/${run}.jsonl:1: the log is empty: the run and its events are gone\n`);
  });

  it("a run's file deleted: the ledger still names it", () => {
    const { w, file, run } = setup();
    const kept = w.signedRun();
    rmSync(file);
    const v = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`ok      logs/${kept}.jsonl`);
    expect(v.stdout).toContain(`FAILED  logs/ledger.jsonl:1: run ${run} is in the ledger, but its log ${run}.jsonl is missing (deleted)\n`);
    expect(v.stdout).toContain('1 of 1 logs verified (1 signed); the ledger FAILED.');
  });

  it('a run file the ledger does not list, and one older than the ledger', async () => {
    const { w, run } = setup();
    const later = w.signedRun();
    const ledger = join(w.logs, 'ledger.jsonl');
    keep(ledger, 2);
    const v = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`ok      logs/${run}.jsonl`);
    expect(v.stdout).toContain(`FAILED  logs/${later}.jsonl:1: the run is not in the ledger (written without opsbook, or its ledger lines were removed)\n`);
    // A log written before the ledger began (an older opsbook) is a warning, not a failure.
    rmSync(ledger);
    rmSync(join(w.logs, `${later}.jsonl`));
    // Run ids are to the second: the new ledger's first run is a second later than the old log.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const newer = w.signedRun();
    const old = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(old.stdout).toContain(`ok      logs/${newer}.jsonl`);
    expect(old.stdout).toContain('warning: older than the ledger: not in it');
    expect(old.status).toBe(0);
  });
});
