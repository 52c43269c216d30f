// The bundled Operations Manual stays complete, clean and runnable.
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.ts';
import { CATEGORIES, TIERS } from '../../src/model.ts';
import { opsbook } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the bundled manual', () => {
  it('passes check with no errors and no warnings', () => {
    const r = opsbook(['check', 'runbooks', '--no-cache'], { cwd: ROOT });
    expect(r.stdout).toContain('no problems');
    expect(r.status).toBe(0);
  });

  it('covers every service, category and tier, with at least 24 runbooks', async () => {
    const catalog = await loadCatalog('runbooks', { cwd: ROOT });
    const runbooks = catalog.runbooks.filter((r) => r.valid);
    expect(runbooks.length).toBeGreaterThanOrEqual(24);
    for (const service of catalog.org!.services) expect(runbooks.some((r) => r.meta.service === service.id), service.id).toBe(true);
    for (const category of CATEGORIES) expect(runbooks.some((r) => r.meta.category === category), category).toBe(true);
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
      const triage = opsbook(['run', 'host-health-triage', '--yes', '--operator', 'mberg', '--param', 'HOST=localhost', '--param', `PORT=${port}`, '--param', 'DISK_LIMIT=99', '--log-dir', logs], { cwd: ROOT });
      expect(triage.stderr).toBe('');
      expect(triage.status).toBe(0);
      const out = mkdtempSync(join(tmpdir(), 'opsbook-bundle-'));
      const bundle = opsbook(['run', 'collect-diagnostics-bundle', '--yes', '--operator', 'mberg', '--param', `OUT_DIR=${out}`, '--param', 'TICKET=INC-4711', '--log-dir', logs], { cwd: ROOT });
      expect(bundle.status, bundle.stderr).toBe(0);
      expect(readdirSync(out).some((f) => /^INC-4711-.*\.tar\.gz$/.test(f))).toBe(true);
      expect(opsbook(['log', 'verify', '--all', '--log-dir', logs], { cwd: ROOT }).status).toBe(0);
    } finally {
      server.close();
    }
  });
});
