// What Tier I does in the browser, against the built manual.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { pasteableCommand } from '../../src/render/command.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/run-log.schema.json', import.meta.url), 'utf8'));

async function noSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('search finds a runbook by a word inside a step, and by a typo', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto('./');
  await page.keyboard.press('/');
  await expect(page.locator('#q')).toBeFocused();
  await page.keyboard.type('inodes');
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', 'inodes');
  await expect(page.locator('#search-results li a').first()).toHaveText(/Triage the health of one host/);
  await expect(page.locator('#search-results mark').first()).toBeVisible();
  // Words in the index need only their own shards (`i_` while one letter is typed), never the term list.
  expect(fetched.filter((path) => path.includes('/search/'))).toEqual(['/search/docs.json', '/search/i_.json', '/search/in.json']);
  // A typo in the first two letters: the term list finds the word meant, in another shard.
  await page.locator('#q').fill('ecrtificate');
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', 'ecrtificate');
  await expect(page.locator('#search-results li a').first()).toHaveText(/certificate/i);
  expect(fetched).toContain('/search/terms.json');
  await page.locator('#q').fill('timedatctl');
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', 'timedatctl');
  await expect(page.locator('#search-results li a').first()).toHaveText(/Triage the health/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/runbooks\/host-health-triage\/index\.html$/);
});

test("`/` and typing work before the page's scripts have loaded", async ({ page }) => {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_astro/*.js', async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto('./', { waitUntil: 'commit' });
  await page.locator('#q').waitFor();
  await page.keyboard.press('/');
  await expect(page.locator('#q')).toBeFocused();
  await page.keyboard.type('inodes');
  await expect(page.locator('#search-results')).not.toHaveAttribute('data-query', /./);
  release();
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', 'inodes');
  await expect(page.locator('#search-results li a').first()).toHaveText(/Triage the health of one host/);
});

test('a part of the index that fails to load is reported, and fetched again by the next query', async ({ page }) => {
  let fail = true;
  await page.route('**/search/in.json', (route) => (fail ? route.abort() : route.continue()));
  await page.goto('./');
  await page.keyboard.press('/');
  await page.keyboard.type('inodes');
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', 'inodes');
  await expect(page.locator('#search-status')).toContainText('did not load');
  fail = false;
  await page.locator('#q').fill('inode');
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', 'inode');
  await expect(page.locator('#search-status')).not.toContainText('did not load');
  await expect(page.locator('#search-results li a').first()).toHaveText(/Triage the health of one host/);
});

test('Enter pressed before the results arrive opens the first result of what was typed', async ({ page }) => {
  await page.goto('./');
  await page.locator('#q').fill('inodes');
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', 'inodes');
  // A new query typed and entered at once: the old results must not be opened.
  await page.locator('#q').fill('certificate');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/runbooks\/certificate-renewal\/index\.html$/);
});

test('the checklist survives a reload and start over clears it', async ({ page }) => {
  await page.goto('runbooks/host-health-triage/');
  await page.locator('#check-disk-space').check();
  await page.locator('#check-load').check();
  await page.reload();
  await expect(page.locator('#check-disk-space')).toBeChecked();
  await expect(page.locator('#progress')).toHaveText('2 of 7 steps done');
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.getByRole('dialog', { name: 'Start over?' }).getByRole('button', { name: 'Start over' }).click();
  await page.reload();
  await expect(page.locator('#check-disk-space')).not.toBeChecked();
});

test('the parameter form fills commands, rejects a bad value and copies a safe command', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('runbooks/host-health-triage/?HOST=mx3.example.net');
  await expect(page.locator('#param-HOST')).toHaveValue('mx3.example.net');
  await expect(page.locator('#run-line')).toContainText('--param HOST=mx3.example.net');
  await page.locator('#param-HOST').fill('mx3; reboot');
  await expect(page.locator('#param-HOST')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#param-HOST-error')).toContainText('does not match');
  await page.locator('#param-HOST').fill('mx4');
  await page.locator('button.copy[data-step="resolve"][data-kind="script"]').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // What `opsbook run` would run (test/e2e/copy.spec.ts pastes it into real shells), with the page's checklist run id.
  const run = { id: /OPSBOOK_RUN_ID=(\S+)/.exec(copied)?.[1] ?? '', runbook: 'host-health-triage', step: 'resolve' };
  const script = { code: `getent ahosts "$HOST" | awk '{ print $1 }' | sort -u\n`, engine: 'bash' as const };
  expect(copied).toBe(pasteableCommand(script, { values: { HOST: 'mx4', PORT: '22', DISK_LIMIT: '90', LOAD_FACTOR: '2' }, secrets: [], run }));
});

test('escalation says who is on duty at two fixed times', async ({ page }) => {
  // Sunday 23:30 Berlin: the NOC's New York shift is on, Messaging Operations on call.
  await page.clock.setFixedTime(new Date('2026-11-29T22:30:00Z'));
  await page.goto('runbooks/host-health-triage/');
  await expect(page.locator('[data-duty-team="noc"]')).toContainText('Lena Wu');
  await expect(page.locator('[data-duty-team="messaging-eng"]')).toContainText('Nobody now');
  // Tuesday 10:00 Berlin: engineering is in the office.
  await page.clock.setFixedTime(new Date('2026-12-01T09:00:00Z'));
  await page.reload();
  await expect(page.locator('[data-duty-team="messaging-eng"]')).toContainText('Eva Brandt');
});

test('the downloaded run record passes the run-log schema', async ({ page }) => {
  await page.goto('runbooks/host-health-triage/');
  page.on('dialog', (d) => void d.accept('Lena Wu'));
  for (const id of ['disk-space', 'inodes', 'load', 'resolve', 'tcp-probe', 'clock', 'record']) await page.locator(`#check-${id}`).check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download run record' }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  const ajv = new Ajv2020({ strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const validate = ajv.compile(schema);
  const events = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  for (const e of events) expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
  expect(events[0]).toMatchObject({ type: 'run-start', mode: 'browser', operator: { name: 'Lena Wu' } });
  expect(events.filter((e) => e.type === 'confirm')).toHaveLength(7);
  expect(events.at(-1)).toMatchObject({ type: 'run-end', result: 'succeeded' });
});

test('the print page holds every runbook', async ({ page }) => {
  await page.goto('print/');
  const ids = await page.locator('article[data-runbook]').evaluateAll((els) => els.map((e) => e.getAttribute('data-runbook')));
  await page.goto('runbooks/');
  // The A–Z index names a runbook under several words: count the runbooks it links to.
  const listed = new Set(await page.locator('main li a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).size;
  expect(ids.length).toBe(listed);
  expect(ids).toContain('host-health-triage');
});

test('markup in a runbook is shown as text, never run', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('runbooks/xss-probe/');
  await expect(page.locator('h1')).toHaveText('Probe 5 < 6 & "quotes" in titles');
  await expect(page.locator('.lead')).toHaveText('Summary with a < b && c > d in it.');
  await expect(page.locator('main')).toContainText('<script>alert(3)</script>');
  await expect(page.locator('main')).toContainText('<img src=x onerror=alert(4)>');
  await expect(page.locator('main pre').first()).toContainText('echo "<script>alert(5)</script>"');
  await expect(page.locator('main img')).toHaveCount(0);
  const scripts = await page.locator('script:not([type="application/json"])').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  expect(scripts.filter((text) => text.includes('alert('))).toEqual([]);
  await expect(page.locator('#title-look')).toHaveText('Look at a < b');
  await expect(page.locator('label[for="param-USER_EMAIL"]')).toContainText('Address <b>bold</b>');
  expect(dialogs).toBe(0);
});

test('pages read without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('runbooks/host-health-triage/');
  await expect(page.locator('ol.steps li')).toHaveCount(7);
  await expect(page.locator('.js-only').first()).toBeHidden();
  await context.close();
});

test('the audit page shows the coverage heat-map with the storage gap, and filters findings', async ({ page }) => {
  await page.goto('audit/');
  await expect(page.locator('table.heatmap').first()).toBeVisible();
  const gap = page.getByRole('cell', { name: 'Sun 23:00 Storage and Backup (Tier III): nobody on duty' });
  await expect(gap).toHaveCount(1);
  await expect(gap).toHaveClass('gap');
  // The NOC has a rotation: the cell names the duty lead, not the team.
  await expect(page.getByRole('cell', { name: /^Wed 12:00 Network Operations Center \(Tier I\): [A-Z][a-z]+ [A-Z][a-z]+ \(on call\)$/ })).toHaveCount(1);
  const rows = page.locator('#findings tbody tr');
  const all = await rows.count();
  await page.locator('#filter-check').selectOption('team-coverage-gap');
  await expect(page.locator('#findings tbody tr:visible')).toHaveCount(1);
  await expect(page.locator('#findings tbody tr:visible')).toContainText('Sun 22:00–Mon 08:00');
  await page.locator('#filter-check').selectOption('');
  await expect(page.locator('#filter-count')).toHaveText(`${all} of ${all} findings shown`);
});

test('a runbook page shows its last run from the logs present at build time', async ({ page }) => {
  await page.goto('runbooks/host-health-triage/');
  await expect(page.locator('#last-run')).toContainText('terminal, succeeded (by mberg)');
  await page.goto('runbooks/collect-diagnostics-bundle/');
  await expect(page.locator('#last-run')).toContainText('never');
});

// The second server of playwright.config.ts: the same build under /manual/, one port up.
const SUB = `http://127.0.0.1:${Number(process.env.OPSBOOK_E2E_PORT || 4517) + 1}/manual/`;

test('the manual works from a sub-path: links, assets and search', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(r.url());
  });
  await page.goto(`${SUB}runbooks/host-health-triage/`);
  await page.getByRole('link', { name: 'Services' }).click();
  await expect(page).toHaveURL(`${SUB}services/index.html`);
  await page.waitForLoadState('load');
  await page.locator('#q').fill('inodes');
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', 'inodes');
  await page.locator('#search-results li a').first().click();
  await expect(page).toHaveURL(`${SUB}runbooks/host-health-triage/index.html`);
  expect(failed).toEqual([]);
});

for (const path of ['./', 'audit/', 'runbooks/host-health-triage/', 'runbooks/', 'services/monitoring/', 'people/hschmidt/', 'search/', 'print/', 'about/']) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`axe: ${path} (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      await noSeriousViolations(page);
    });
  }
}
