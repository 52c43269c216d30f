// The bundled Operations Manual stays complete, clean and runnable.
import { execFile } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.ts';
import { CATEGORIES, TIERS } from '../../src/model.ts';
import { BIN, opsbook } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** `opsbook` as a child that does not block this process, which serves the probe's HTTP. */
function opsbookAsync(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 }, (error, _stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
    });
  });
}
/** The day the manual is judged on, so that it does not go red when reviews fall due. */
const TODAY = '2026-11-24';
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('the bundled manual', () => {
  it('passes check with no errors and no warnings', () => {
    const r = opsbook(['check', 'runbooks', '--no-cache', '--today', TODAY], { cwd: ROOT });
    expect(r.stdout).toContain('no problems');
    expect(r.status).toBe(0);
  });

  it("falls due for review on each runbook's own date, after the day it is judged on", async () => {
    const current = await loadCatalog('runbooks', { cwd: ROOT, now: day(TODAY) });
    const dues = current.runbooks.map((r) => r.meta.review.due).sort();
    expect(dues.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
    expect(dues[0] >= TODAY).toBe(true);
    const after = new Date(day(dues[0]).getTime() + 86_400_000);
    const later = await loadCatalog('runbooks', { cwd: ROOT, now: after });
    const overdue = later.diagnostics.filter((d) => d.ruleId === 'review-overdue').map((d) => d.path);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue).toEqual(later.runbooks.filter((r) => r.meta.review.due === dues[0]).map((r) => r.path));
  });

  it('covers every service, category and tier, with at least 24 runbooks', async () => {
    const catalog = await loadCatalog('runbooks', { cwd: ROOT, now: day(TODAY) });
    const runbooks = catalog.runbooks.filter((r) => r.valid);
    expect(runbooks.length).toBeGreaterThanOrEqual(24);
    for (const service of catalog.org!.services)
      expect(
        runbooks.some((r) => r.meta.service === service.id),
        service.id,
      ).toBe(true);
    for (const category of CATEGORIES)
      expect(
        runbooks.some((r) => r.meta.category === category),
        category,
      ).toBe(true);
    for (const tier of TIERS) expect(runbooks.filter((r) => r.meta.tier === tier).length, `Tier ${tier}`).toBeGreaterThanOrEqual(4);
    expect(runbooks.some((r) => r.meta.tier === 'I' && r.steps.every((s) => s.kind === 'manual'))).toBe(true);
    const inactive = catalog.org!.people.filter((p) => !p.active);
    expect(inactive.length).toBeGreaterThan(0);
  });

  it('runs the two locally runnable runbooks green on this machine', async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const logs = mkdtempSync(join(tmpdir(), 'opsbook-bundled-'));
      const triage = opsbook(
        [
          'run',
          'host-health-triage',
          '--yes',
          '--operator',
          'mberg',
          '--param',
          'HOST=localhost',
          '--param',
          `PORT=${port}`,
          '--param',
          'DISK_LIMIT=99',
          '--param',
          'LOAD_FACTOR=999',
          '--log-dir',
          logs,
        ],
        { cwd: ROOT },
      );
      expect(triage.stderr).toBe('');
      expect(triage.status).toBe(0);
      const out = mkdtempSync(join(tmpdir(), 'opsbook-bundle-'));
      const bundle = opsbook(
        ['run', 'collect-diagnostics-bundle', '--yes', '--operator', 'mberg', '--param', `OUT_DIR=${out}`, '--param', 'TICKET=INC-4711', '--log-dir', logs],
        { cwd: ROOT },
      );
      expect(bundle.status, bundle.stderr).toBe(0);
      expect(readdirSync(out).some((f) => /^INC-4711-.*\.tar\.gz$/.test(f))).toBe(true);
      expect(opsbook(['log', 'verify', '--all', '--log-dir', logs], { cwd: ROOT }).status).toBe(0);
    } finally {
      server.close();
    }
  });

  it('runs the zx KPI probe against a KPI summary served over HTTP, and fails it on a KPI over its threshold', async () => {
    let kpis = [
      { name: 'imap_login_p95_ms', value: 420 },
      { name: 'mta_queue_messages', value: 180 },
      { name: 'delivery_p95_s', value: 12 },
    ];
    const server = createHttpServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ generated: new Date().toISOString(), kpis }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/kpi/summary.json`;
    const stepEnds = (logs: string) => {
      const [file] = readdirSync(logs).filter((f) => f.endsWith('.jsonl') && f !== 'ledger.jsonl');
      return readFileSync(join(logs, file), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; step?: string; ok?: boolean; exitCode?: number | null })
        .filter((e) => e.type === 'step-end')
        .map((e) => [e.step, e.ok, e.exitCode]);
    };
    try {
      const green = mkdtempSync(join(tmpdir(), 'opsbook-kpi-'));
      const ok = await opsbookAsync(['run', 'kpi-summary-probe', '--yes', '--operator', 'mberg', '--param', `KPI_URL=${url}`, '--log-dir', green]);
      expect(ok.status, ok.stderr).toBe(0);
      expect(stepEnds(green)).toEqual([
        ['summary-fresh', true, 0],
        ['judge-thresholds', true, 0],
      ]);
      kpis = kpis.map((k) => (k.name === 'delivery_p95_s' ? { ...k, value: 300 } : k));
      const red = mkdtempSync(join(tmpdir(), 'opsbook-kpi-'));
      const over = await opsbookAsync(['run', 'kpi-summary-probe', '--yes', '--operator', 'mberg', '--param', `KPI_URL=${url}`, '--log-dir', red]);
      expect(over.status).toBe(1);
      expect(stepEnds(red)).toEqual([
        ['summary-fresh', true, 0],
        ['judge-thresholds', false, 1],
      ]);
    } finally {
      server.close();
    }
  });
});
