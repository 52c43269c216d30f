// `opsbook log import --sign`: a browser record signed with the importing person's key; an
// unsigned import is kept, and verify calls it self-reported. Both are in the ledger.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256Hex } from '../../src/log/sha256.ts';
import { signWorkspace } from './keys.ts';

const record = (run: string): string => {
  const bodies: EventBody[] = [
    {
      ts: '2026-11-25T08:00:00.000Z',
      run,
      type: 'run-start',
      runbook: { id: 'three', path: 'runbooks/mailbox/three.mdx', hash: 'a'.repeat(64), title: 'Three', tier: 'II' },
      mode: 'browser',
      operator: { name: 'Matt Berg' },
      host: 'manual.example.net',
      parameters: {},
    },
    { ts: '2026-11-25T08:03:00.000Z', run, type: 'confirm', step: 'a', action: 'done', via: 'browser' },
  ];
  return `${sealAll(bodies, sha256Hex).join('\n')}\n`;
};

describe('opsbook log import', () => {
  it('--sign signs the record with the importer key; without it the record is self-reported', () => {
    const w = signWorkspace();
    writeFileSync(join(w.dir, 'signed.jsonl'), record('20261125T080000Z-a1b2c3'));
    writeFileSync(join(w.dir, 'plain.jsonl'), record('20261125T090000Z-d4e5f6'));
    const signed = w.cli(['log', 'import', 'signed.jsonl', '--sign', '--signing-key', w.mberg.file, '--log-dir', w.logs]);
    expect(signed.stdout).toBe('Imported run 20261125T080000Z-a1b2c3 (2 events) into logs/20261125T080000Z-a1b2c3.jsonl, signed\n');
    expect(signed.status).toBe(0);
    const plain = w.cli(['log', 'import', 'plain.jsonl', '--log-dir', w.logs]);
    expect(plain.stdout).toBe('Imported run 20261125T090000Z-d4e5f6 (2 events) into logs/20261125T090000Z-d4e5f6.jsonl (not signed: self-reported)\n');
    const v = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(v.stdout).toContain('ok      logs/20261125T080000Z-a1b2c3.jsonl (3 events), signed by mberg\n');
    expect(v.stdout).toContain(
      'ok      logs/20261125T090000Z-d4e5f6.jsonl (2 events), not signed\n        warning: not signed (a browser record: self-reported)\n',
    );
    expect(v.stdout).toContain('2 of 2 logs verified (1 signed); the ledger verified.');
    expect(v.status).toBe(0);
    // Someone else's key does not sign for the importer.
    writeFileSync(join(w.dir, 'other.jsonl'), record('20261125T100000Z-a0a0a0'));
    const other = w.cli(['log', 'import', 'other.jsonl', '--sign', '--signing-key', w.akhan.file, '--log-dir', w.logs]);
    expect(other.status).toBe(2);
    expect(other.stderr.split('\n')[0]).toBe('opsbook log: The signing key akhan_key is a key of `akhan`, not of the operator `mberg`');
  });
});
