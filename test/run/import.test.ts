// `opsbook log import`: browser run records join the audit trail only when they are valid.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256Hex } from '../../src/log/sha256.ts';
import { BIN, opsbook } from '../cli/run-cli.ts';

const RUN = '20261125T080000Z-a1b2c3';

function record(bodies: EventBody[]): string {
  return `${sealAll(bodies, sha256Hex).join('\n')}\n`;
}

const start: EventBody = {
  ts: '2026-11-25T08:00:00.000Z',
  run: RUN,
  type: 'run-start',
  runbook: { id: 'password-reset', path: 'runbooks/provisioning/password-reset.mdx', hash: 'a'.repeat(64), title: 'Reset a password', tier: 'I' },
  mode: 'browser',
  operator: { name: 'Lena Wu' },
  host: 'manual.example.net',
  parameters: { USER_EMAIL: 'a@example.net', NEW_PASSWORD: '[redacted]' },
};
const done: EventBody = { ts: '2026-11-25T08:03:00.000Z', run: RUN, type: 'confirm', step: 'verify-identity', action: 'done', via: 'browser' };

describe('opsbook log import', () => {
  it('stores a valid browser record as a verified run of mode browser', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-import-'));
    const file = join(dir, 'record.jsonl');
    writeFileSync(file, record([start, done]));
    const r = opsbook(['log', 'import', file, '--log-dir', join(dir, 'logs')], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Imported run ${RUN} (2 events)`);
    const list = JSON.parse(opsbook(['log', 'list', '--json', '--log-dir', join(dir, 'logs')], { cwd: dir }).stdout) as {
      mode: string;
      verified: boolean;
      result: string;
    }[];
    expect(list).toEqual([expect.objectContaining({ mode: 'browser', verified: true, result: 'incomplete' })]);
    expect(opsbook(['log', 'verify', '--all', '--log-dir', join(dir, 'logs')], { cwd: dir }).status).toBe(0);
    const again = opsbook(['log', 'import', file, '--log-dir', join(dir, 'logs')], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already');
  });

  it('refuses an edited, a non-browser, an executing and a malformed record, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-import-'));
    const logs = join(dir, 'logs');
    const cases: [string, string, RegExp][] = [
      ['edited', record([start, done]).replace('Lena Wu', 'Someone Else'), /:2: not imported: hash of the previous line/],
      ['terminal', record([{ ...start, mode: 'terminal' }, done]), /:1: not imported: mode is `terminal`/],
      [
        'exec',
        record([start, { ts: done.ts, run: RUN, type: 'step-start', step: 'x', index: 0, kind: 'exec', phase: 'run' }]),
        /:2: not imported: a browser record cannot contain `step-start`/,
      ],
      ['schema', record([start]).replace('"mode":"browser"', '"mode":"browser","extra":1'), /:1: not imported: does not match the run-log schema/],
      ['json', '{not json\n', /:1: not imported: not valid JSON/],
      ['empty', '', /:1: not imported: the file is empty/],
    ];
    for (const [name, text, message] of cases) {
      const file = join(dir, `${name}.jsonl`);
      writeFileSync(file, text);
      const r = opsbook(['log', 'import', file, '--log-dir', logs], { cwd: dir });
      expect(r.status, name).toBe(1);
      expect(r.stderr, name).toMatch(message);
    }
    expect(opsbook(['log', 'list', '--log-dir', logs], { cwd: dir }).stdout).toContain('No runs');
    expect(readFileSync(join(dir, 'json.jsonl'), 'utf8')).toBe('{not json\n');
  });

  it('says in one line when the log folder cannot be written (a file in the way, a path under /proc)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-import-'));
    const file = join(dir, 'record.jsonl');
    writeFileSync(file, record([start, done]));
    for (const logs of [file, '/proc/x']) {
      const r = spawnSync(process.execPath, [BIN, 'log', 'import', file, '--log-dir', logs], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      expect(r.status, logs).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^opsbook log: Cannot write run logs in ${logs}: .* \\(E[A-Z]+\\)$`));
      expect(r.stderr).not.toContain('internal error');
    }
  });
});
