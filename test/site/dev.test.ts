// `astro dev` gets its pages' data through the same integration as `opsbook build`
// (src/site/config.ts): a runbook is served from the folder it is given, and a change to
// that folder is on the next page load, without restarting the server.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/package-root.ts';
import { siteConfig } from '../../src/site/config.ts';

const PORT = Number(process.env.OPSBOOK_DEV_TEST_PORT ?? 4622);
const dir = mkdtempSync(join(tmpdir(), 'opsbook-dev-'));
const file = join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx');
let server: { stop(): Promise<void> } | undefined;

async function title(path: string): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${PORT}${path}`);
  return /<title>([^<]*)<\/title>/.exec(await response.text())?.[1];
}

beforeAll(async () => {
  cpSync(join(import.meta.dirname, '..', 'fixtures', 'valid'), join(dir, 'runbooks'), { recursive: true });
  const { dev } = await import('astro');
  const config = siteConfig({ runbooks: 'runbooks', cwd: dir, logDir: join(dir, 'no-logs') });
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  server = await dev({ ...config, root: PACKAGE_ROOT, configFile: false, logLevel: 'error', server: { host: '127.0.0.1', port: PORT } });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('astro dev', () => {
  it('serves the runbooks of the folder it is given, and a changed title on the next load', async () => {
    expect(await title('/runbooks/restart-mailbox/')).toMatch(/^Restart the mailbox service on one store · /);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Restart mailboxd after the change'));
    let seen: string | undefined;
    for (let i = 0; i < 60 && !seen?.startsWith('Restart mailboxd after the change'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      seen = await title('/runbooks/restart-mailbox/');
    }
    expect(seen).toMatch(/^Restart mailboxd after the change · /);
  }, 90_000);
});
