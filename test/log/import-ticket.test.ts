// `opsbook log import` keeps a browser record's ticket (the incident the checklist run belongs
// to), shows it, and refuses a ticket the schema does not allow, writing nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256Hex } from '../../src/log/sha256.ts';
import { opsbook } from '../cli/run-cli.ts';

const RUN = '20261201T130200Z-0a1b2c';

function record(ticket: string): string {
  const bodies: EventBody[] = [
    {
      ts: '2026-12-01T13:02:00.000Z',
      run: RUN,
      type: 'run-start',
      runbook: { id: 'host-health-triage', path: 'runbooks/monitoring/host-health-triage.mdx', hash: 'b'.repeat(64), title: 'Triage', tier: 'I' },
      mode: 'browser',
      operator: { name: 'Lena Wu' },
      host: 'manual.example.net',
      parameters: { HOST: 'mx1.example.net' },
      ticket,
    },
    { ts: '2026-12-01T13:05:00.000Z', run: RUN, type: 'confirm', step: 'disk-space', action: 'done', via: 'browser' },
  ];
  return `${sealAll(bodies, sha256Hex).join('\n')}\n`;
}

describe('opsbook log import of a record with a ticket', () => {
  it('keeps the ticket in the imported run and shows it in log show', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-ticket-'));
    const logs = join(dir, 'logs');
    writeFileSync(join(dir, 'r.jsonl'), record('INC-123'));
    const r = opsbook(['log', 'import', join(dir, 'r.jsonl'), '--log-dir', logs], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { events } = JSON.parse(opsbook(['log', 'show', RUN, '--json', '--log-dir', logs], { cwd: dir }).stdout) as { events: Record<string, unknown>[] };
    expect(events[0]).toMatchObject({ type: 'run-start', ticket: 'INC-123', operator: { name: 'Lena Wu' } });
    expect(opsbook(['log', 'show', RUN, '--log-dir', logs], { cwd: dir }).stdout).toContain('run-start host-health-triage (browser) for INC-123 by Lena Wu');
  });

  it('refuses a ticket with a control character or over 64 characters, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-ticket-'));
    const logs = join(dir, 'logs');
    for (const [name, ticket] of [
      ['bell', 'INC-1\u0007'],
      ['long', 'I'.repeat(65)],
    ]) {
      writeFileSync(join(dir, `${name}.jsonl`), record(ticket));
      const r = opsbook(['log', 'import', join(dir, `${name}.jsonl`), '--log-dir', logs], { cwd: dir });
      expect(r.status, name).toBe(1);
      expect(r.stderr, name).toMatch(/:1: not imported: does not match the run-log schema/);
    }
    expect(opsbook(['log', 'list', '--log-dir', logs], { cwd: dir }).stdout).toContain('No runs');
    // The same record with a ticket the schema allows is imported.
    writeFileSync(join(dir, 'good.jsonl'), record('CHG-2026-0042 / INC-7'));
    expect(opsbook(['log', 'import', join(dir, 'good.jsonl'), '--log-dir', logs], { cwd: dir }).status).toBe(0);
  });
});
