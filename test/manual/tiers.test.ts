// The bundled runbooks' tiers follow their text: where the NOC runs the read-only steps and
// escalates, the runbook is Tier I and its acting steps carry their own tier, which the
// runner's tier guard enforces.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.ts';
import { opsbook } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runbook id → its tier and, step by step, the tier each step needs. */
const EXPECTED: Record<string, [string, string[]]> = {
  'mail-queue-growth': ['I', ['I', 'I', 'I', 'II', 'II', 'II', 'II', 'II']],
  'message-store-disk-space': ['I', ['I', 'I', 'II', 'II', 'II', 'II']],
  'storage-array-failure': ['I', ['I', 'I', 'I', 'I', 'II', 'I', 'III', 'I']],
  'ldap-replication-repair': ['I', ['I', 'I', 'I', 'III', 'III', 'III', 'III', 'III']],
  'ldap-bind-search-kpi': ['I', ['I', 'I', 'I', 'I']],
  'mta-banner-round-trip': ['I', ['I', 'I', 'I', 'I', 'I', 'I']],
};

describe('the bundled runbooks’ tiers', () => {
  it('are Tier I where the NOC runs the first steps, with the later steps marked', async () => {
    const catalog = await loadCatalog('runbooks', { cwd: ROOT, now: new Date('2026-11-24T12:00:00Z') });
    for (const [id, [tier, steps]] of Object.entries(EXPECTED)) {
      const runbook = catalog.runbooks.find((r) => r.meta.id === id)!;
      expect(runbook.meta.tier, id).toBe(tier);
      expect(
        runbook.steps.map((s) => s.tier ?? runbook.meta.tier),
        id,
      ).toEqual(steps);
    }
  });

  it('lets a Tier I operator run a Tier I step of the queue runbook, and refuses the Tier II steps', () => {
    const logs = mkdtempSync(join(tmpdir(), 'opsbook-tiers-'));
    const base = ['run', 'mail-queue-growth', '--dry-run', '--yes', '--operator', 'hschmidt', '--log-dir', logs];
    const first = opsbook([...base, '--only', 'count-queues'], { cwd: ROOT });
    expect(first.stdout).toContain('Dry run: nothing was executed.');
    expect(first.status).toBe(0);
    const hold = opsbook([...base, '--from', 'hold-destination'], { cwd: ROOT });
    expect(hold.stderr).toContain('opsbook run: Hanna Schmidt (hschmidt) is Tier I; this run needs Tier II.');
    expect(hold.status).toBe(1);
    const whole = opsbook(base, { cwd: ROOT });
    expect(whole.stderr).toContain('this run needs Tier II.');
    expect(whole.status).toBe(1);
  });

  it('keeps the LDAP rebuild for Tier III though Tier I starts the runbook', () => {
    const logs = mkdtempSync(join(tmpdir(), 'opsbook-tiers-'));
    const r = opsbook(['run', 'ldap-replication-repair', '--dry-run', '--yes', '--operator', 'mberg', '--log-dir', logs, '--only', 'rebuild-lagging'], {
      cwd: ROOT,
    });
    expect(r.stderr).toContain('opsbook run: Matt Berg (mberg) is Tier II; this run needs Tier III.');
    expect(r.status).toBe(1);
  });
});
