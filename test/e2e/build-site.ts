// Build the manual once for every browser test (run by playwright.config.ts before serving):
// the bundled runbooks, one run log, and an XSS fixture that passes `check` but carries markup characters in its title, summary, prose code,
// scripts and parameter text (test/render/html.test.ts feeds the renderer what `check` rejects).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SITE_RUNBOOKS = join(ROOT, '.opsbook', 'e2e-runbooks');

function setup(): void {
  rmSync(SITE_RUNBOOKS, { recursive: true, force: true });
  cpSync(join(ROOT, 'runbooks'), SITE_RUNBOOKS, { recursive: true });
  mkdirSync(join(SITE_RUNBOOKS, 'webmail'), { recursive: true });
  writeFileSync(
    join(SITE_RUNBOOKS, 'webmail', 'xss-probe.mdx'),
    `---
id: xss-probe
title: 'Probe 5 < 6 & "quotes" in titles'
summary: "Summary with a < b && c > d in it."
service: webmail
category: serviceability
tier: I
owner: asato
backup_owner: rgarcia
escalation:
  - { team: helpdesk }
  - { team: messaging-ops, after: 30m }
review: { last_reviewed: 2026-11-01, interval: 90d }
parameters:
  - { name: USER_EMAIL, description: "Address <b>bold</b>", default: "a@example.net", pattern: '^[^@\\s]+@[^@\\s]+$' }
tags: [probe]
---

Text with \`<script>alert(3)</script>\` as code and \`<img src=x onerror=alert(4)>\`.

<Step id="look" title="Look at a < b">
\`\`\`sh
echo "<script>alert(5)</script>" "$USER_EMAIL"
\`\`\`
</Step>
`,
  );
  // Every kind of block a reader can copy, for test/e2e/copy.spec.ts.
  cpSync(join(ROOT, 'test', 'fixtures', 'copy', 'copy-probe.mdx'), join(SITE_RUNBOOKS, 'webmail', 'copy-probe.mdx'));
  // One real run, so pages show a "last run" and the audit counts it.
  const logs = join(ROOT, '.opsbook', 'e2e-logs');
  rmSync(logs, { recursive: true, force: true });
  const bin = join(ROOT, 'bin', 'opsbook.js');
  execFileSync(
    process.execPath,
    [
      bin,
      'run',
      'host-health-triage',
      '--root',
      SITE_RUNBOOKS,
      '--yes',
      '--operator',
      'mberg',
      '--only',
      'disk-space',
      '--param',
      'DISK_LIMIT=99',
      '--log-dir',
      logs,
    ],
    { cwd: ROOT, stdio: 'ignore' },
  );
  // A site of an older opsbook has no marker, and `build --out` would refuse to replace it.
  rmSync(join(ROOT, '.opsbook', 'e2e-site'), { recursive: true, force: true });
  execFileSync(process.execPath, [bin, 'build', '--root', SITE_RUNBOOKS, '--out', join(ROOT, '.opsbook', 'e2e-site'), '--tz', 'Europe/Berlin'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, OPSBOOK_LOG_DIR: logs },
  });
}

/** The same site under a sub-path (/manual/ of another host), for the relative-link test. */
function subPath(): void {
  const root = join(ROOT, '.opsbook', 'e2e-sub');
  rmSync(root, { recursive: true, force: true });
  cpSync(join(ROOT, '.opsbook', 'e2e-site'), join(root, 'manual'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Intranet</title><a href="manual/">Operations Manual</a>\n');
}

setup();
subPath();
