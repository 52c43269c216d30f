// The manual's pages read the run logs as the audit does: a log that `opsbook log verify`
// fails is not a run on the runbook page and no evidence on the audit page.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256Hex } from '../../src/log/sha256.ts';
import { siteData } from '../../src/site/data.ts';
import { opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from '../run/fixture.ts';

const drill = runbook('restore-drill', [], `<Step id="restore" title="Restore the test mailbox">\n${sh('true')}\n</Step>\n`).replace(
  'category: reliability',
  'category: recoverability',
);

function terminalLog(run: string): string {
  const ts = new Date(Date.now() - 3_600_000).toISOString();
  const bodies: EventBody[] = [
    {
      ts,
      run,
      type: 'run-start',
      runbook: { id: 'restore-drill', path: 'runbooks/mailbox/restore-drill.mdx', hash: 'a'.repeat(64), title: 'Test restore-drill', tier: 'II' },
      mode: 'terminal',
      operator: { name: 'Matt Berg', id: 'mberg' },
      host: 'laptop',
      parameters: {},
    },
    { ts, run, type: 'run-end', result: 'succeeded', durationMs: 1 },
  ];
  return `${sealAll(bodies, sha256Hex).join('\n')}\n`;
}

describe('the manual and the run logs', () => {
  it('does not take a hand-written log outside the ledger for a run, on the runbook page or the audit page', async () => {
    const { dir, logs } = runWorkspace({ 'restore-drill': drill, other: runbook('other', [], `<Step id="a" title="A">\n${sh('true')}\n</Step>\n`) });
    // A real run of another runbook starts the ledger; then a forged one is dropped beside it.
    expect(opsbook(['run', 'other', '--yes', '--log-dir', logs], { cwd: dir }).status).toBe(0);
    const forged = `${new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}-dddddd`;
    writeFileSync(join(logs, `${forged}.jsonl`), terminalLog(forged));
    const data = await siteData({ runbooks: 'runbooks', cwd: dir, logDir: logs });
    expect(Object.fromEntries(data.runs.map((r) => [r.runbookId, r.verified]))).toEqual({ other: true, 'restore-drill': false });
    expect(data.audit.runbooks.find((r) => r.id === 'restore-drill')).toMatchObject({ evidence: 'none' });
    expect(data.audit.findings).toContainEqual(expect.objectContaining({ check: 'log-unverified', subject: join(logs, `${forged}.jsonl`) }));
  });
});
