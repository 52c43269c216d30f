// Evidence has a strength: gold needs a terminal run or a signed record within the exercise
// period; a browser record, however well chained, is self-reported; a record whose chain
// breaks is refused; and a log counts only if `opsbook log verify` passes it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256Hex } from '../../src/log/sha256.ts';
import { opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from '../run/fixture.ts';
import { signWorkspace } from '../sign/keys.ts';

interface AuditJson {
  runbooks: { id: string; rubric: string; evidence: string }[];
  findings: { check: string; subject: string; message: string }[];
}

const today = new Date().toISOString().slice(0, 10);
const drill = runbook('restore-drill', [], `<Step id="restore" title="Restore the test mailbox">\n${sh('true')}\n</Step>\n`)
  .replace('category: reliability', 'category: recoverability')
  .replace('  - { team: messaging-ops }\n  - { team: messaging-eng, after: 30m }', '  - { team: noc }')
  .replace('last_reviewed: 2026-10-01', `last_reviewed: ${today}`);

function record(run: string, ts: string, mode: 'browser' | 'terminal', operator: { name: string; id?: string }): string {
  const bodies: EventBody[] = [
    {
      ts,
      run,
      type: 'run-start',
      runbook: { id: 'restore-drill', path: 'runbooks/mailbox/restore-drill.mdx', hash: 'a'.repeat(64), title: 'Test restore-drill', tier: 'II' },
      mode,
      operator,
      host: 'manual.example.net',
      parameters: {},
    },
    { ts, run, type: 'run-end', result: 'succeeded', durationMs: 1 },
  ];
  return `${sealAll(bodies, sha256Hex).join('\n')}\n`;
}

const browserRecord = (run: string, ts: string) => record(run, ts, 'browser', { name: 'Anyone' });
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString();

describe('evidence strength', () => {
  it('grades a forged two-line browser record "exercised (self-reported)", never gold; a terminal run makes gold', () => {
    const { dir, logs } = runWorkspace({ 'restore-drill': drill });
    const audit = () => JSON.parse(opsbook(['audit', '--json', '--log-dir', logs], { cwd: dir }).stdout) as AuditJson;
    expect(audit().runbooks[0]).toMatchObject({ id: 'restore-drill', rubric: 'silver', evidence: 'none' });

    const record = join(dir, 'record.jsonl');
    writeFileSync(record, browserRecord('20261101T080000Z-aaaaaa', new Date(Date.now() - 86_400_000).toISOString()));
    expect(opsbook(['log', 'import', record, '--log-dir', logs], { cwd: dir }).status).toBe(0);
    const selfReported = audit();
    expect(selfReported.runbooks[0]).toMatchObject({ rubric: 'silver', evidence: 'self-reported' });
    expect(selfReported.findings).toContainEqual(expect.objectContaining({ check: 'recovery-self-reported', subject: 'restore-drill' }));
    expect(selfReported.findings.some((f) => f.check === 'recovery-not-exercised')).toBe(false);

    const run = opsbook(['run', 'restore-drill', '--yes', '--log-dir', logs], { cwd: dir });
    expect(run.status).toBe(0);
    const gold = audit();
    expect(gold.runbooks[0]).toMatchObject({ rubric: 'gold', evidence: 'terminal' });
    expect(gold.findings.some((f) => f.subject === 'restore-drill' && f.check.startsWith('recovery-'))).toBe(false);
  });

  it('refuses to import a record whose chain does not verify, so it never counts', () => {
    const { dir, logs } = runWorkspace({ 'restore-drill': drill });
    const lines = browserRecord('20261101T080000Z-bbbbbb', new Date().toISOString()).split('\n');
    const forged = join(dir, 'forged.jsonl');
    writeFileSync(forged, `${lines[0]}\n${lines[1].replace('"seq":1', '"seq":2')}\n`);
    const r = opsbook(['log', 'import', forged, '--log-dir', logs], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/forged\.jsonl:2: not imported: sequence number 2, expected 1/);
    expect((JSON.parse(opsbook(['audit', '--json', '--log-dir', logs], { cwd: dir }).stdout) as AuditJson).runbooks[0].evidence).toBe('none');
  });

  it('counts a log only as `opsbook log verify` passes it: a hand-written terminal log outside the ledger is reported and counts for nothing', () => {
    const { dir, logs } = runWorkspace({ 'restore-drill': drill });
    const audit = () => JSON.parse(opsbook(['audit', '--json', '--log-dir', logs], { cwd: dir }).stdout) as AuditJson;
    writeFileSync(join(dir, 'record.jsonl'), browserRecord('20261101T080000Z-cccccc', yesterday()));
    expect(opsbook(['log', 'import', 'record.jsonl', '--log-dir', logs], { cwd: dir }).status).toBe(0);
    // Two lines, chained by hand, put straight into the folder: never run, never in the ledger.
    const forged = join(logs, '20261101T090000Z-dddddd.jsonl');
    writeFileSync(forged, record('20261101T090000Z-dddddd', yesterday(), 'terminal', { name: 'Matt Berg', id: 'mberg' }));
    expect(opsbook(['log', 'verify', '--all', '--log-dir', logs], { cwd: dir }).status).toBe(1);
    const report = audit();
    expect(report.runbooks[0]).toMatchObject({ rubric: 'silver', evidence: 'self-reported' });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: 'log-unverified',
        subject: forged,
        message:
          'The run log fails `opsbook log verify` at line 1 (the run is not in the ledger (written without opsbook, or its ledger lines were removed)): it counts for nothing as evidence',
      }),
    );
  });

  it('takes a record signed at import as evidence for gold, and a run signed by a key org.yaml does not list as none', () => {
    const w = signWorkspace({ 'restore-drill': drill });
    const audit = () => JSON.parse(w.cli(['audit', '--json', '--log-dir', w.logs]).stdout) as AuditJson;
    writeFileSync(join(w.dir, 'signed.jsonl'), record('20261101T080000Z-eeeeee', yesterday(), 'browser', { name: 'Matt Berg' }));
    expect(w.cli(['log', 'import', 'signed.jsonl', '--sign', '--signing-key', w.mberg.file, '--log-dir', w.logs]).status).toBe(0);
    const signed = audit();
    expect(signed.runbooks.find((r) => r.id === 'restore-drill')).toMatchObject({ rubric: 'gold', evidence: 'signed' });
    expect(signed.findings.some((f) => f.subject === 'restore-drill' && f.check.startsWith('recovery-'))).toBe(false);

    // Take mberg's key out of org.yaml: his signature no longer vouches for anything.
    const orgFile = join(w.dir, 'runbooks', 'org.yaml');
    writeFileSync(orgFile, readFileSync(orgFile, 'utf8').replace(`"${w.mberg.line}"`, `"${w.akhan.line.replace('akhan_key', 'spare')}"`));
    const stranger = audit();
    expect(stranger.runbooks.find((r) => r.id === 'restore-drill')).toMatchObject({ rubric: 'silver', evidence: 'none' });
    expect(stranger.findings).toContainEqual(expect.objectContaining({ check: 'log-unverified', subject: join(w.logs, '20261101T080000Z-eeeeee.jsonl') }));
  });

  it('counts an unsigned terminal run for nothing once policy.require_signed_runs is set', () => {
    const { dir, logs } = runWorkspace({ 'restore-drill': drill });
    const audit = () => JSON.parse(opsbook(['audit', '--json', '--log-dir', logs], { cwd: dir }).stdout) as AuditJson;
    expect(opsbook(['run', 'restore-drill', '--yes', '--log-dir', logs], { cwd: dir }).status).toBe(0);
    expect(audit().runbooks[0]).toMatchObject({ rubric: 'gold', evidence: 'terminal' });
    const orgFile = join(dir, 'runbooks', 'org.yaml');
    writeFileSync(orgFile, `${readFileSync(orgFile, 'utf8')}\npolicy:\n  require_signed_runs: true\n`);
    const strict = audit();
    expect(strict.runbooks[0]).toMatchObject({ rubric: 'silver', evidence: 'none' });
    expect(strict.findings).toContainEqual(
      expect.objectContaining({
        check: 'log-unverified',
        message: expect.stringContaining('at line 1 (not signed, and policy.require_signed_runs asks for signed runs)'),
      }),
    );
  });

  it('reports a FIFO or a link to /dev/zero named like a run log or the ledger, and never reads it (the audit used to hang)', () => {
    const { dir, logs } = runWorkspace({ 'restore-drill': drill });
    mkdirSync(logs, { recursive: true });
    symlinkSync('/dev/zero', join(logs, '20261101T080000Z-ffffff.jsonl'));
    execFileSync('mkfifo', [join(logs, '20261101T090000Z-ffffff.jsonl')]);
    execFileSync('mkfifo', [join(logs, 'ledger.jsonl')]);
    const r = opsbook(['audit', '--json', '--log-dir', logs], { cwd: dir });
    const report = JSON.parse(r.stdout) as AuditJson;
    expect(report.findings.filter((f) => f.check === 'log-unverified').map((f) => f.subject)).toEqual([
      join(logs, '20261101T080000Z-ffffff.jsonl'),
      join(logs, '20261101T090000Z-ffffff.jsonl'),
      join(logs, 'ledger.jsonl'),
    ]);
    expect(report.runbooks[0].evidence).toBe('none');
  });
});
