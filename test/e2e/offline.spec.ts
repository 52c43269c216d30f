// The manual without a network: a copied folder opened from disk (file://), printed on paper,
// and the A–Z index for finding a runbook without search.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BUILT = join(import.meta.dirname, '..', '..', '.opsbook', 'e2e-site');

/** Console errors and uncaught exceptions of `page`, as they happen. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

test.describe('a copy of the manual opened from disk (file://)', () => {
  let copy: string;
  test.beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'opsbook-usb-'));
    cpSync(BUILT, join(copy, 'manual'), { recursive: true });
  });
  test.afterAll(() => rmSync(copy, { recursive: true, force: true }));
  const home = () => pathToFileURL(join(copy, 'manual', 'index.html')).href;

  test('links lead from the home page to a runbook, whose checklist and form work', async ({ page }) => {
    const errors = errorsOf(page);
    await page.goto(home());
    await expect(page.getByRole('heading', { level: 1, name: 'Operations Manual' })).toBeVisible();
    // Every link of the home page within the manual opens a page, never a folder listing.
    const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href).filter((href) => href.startsWith('file:')));
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((href) => !/\.(html|svg|ics)(#.*)?$/.test(href))).toEqual([]);
    // The home page's script ran: who is on duty now is computed (a person or team is named).
    await expect(page.locator('[data-duty-tier="I"] li').first()).not.toHaveText('Network Operations Center');

    await page.getByRole('link', { name: 'Mail transfer agents' }).click();
    await expect(page).toHaveURL(/\/manual\/services\/mta\/index\.html$/);
    await page.getByRole('link', { name: 'Find and relieve a growing mail queue' }).click();
    await expect(page).toHaveURL(/\/manual\/runbooks\/mail-queue-growth\/index\.html$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Find and relieve a growing mail queue' })).toBeVisible();

    await page.getByRole('link', { name: 'A–Z' }).click();
    await expect(page).toHaveURL(/\/manual\/runbooks\/index\.html$/);
    await page.getByRole('link', { name: 'Triage the health of one host' }).first().click();
    await expect(page).toHaveURL(/\/manual\/runbooks\/host-health-triage\/index\.html$/);

    // The checklist: a tick counts, and is still there after a reload.
    await page.locator('#check-disk-space').check();
    await expect(page.locator('#progress')).toHaveText('1 of 7 steps done');
    await page.reload();
    await expect(page.locator('#check-disk-space')).toBeChecked();
    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('dialog', { name: 'Start over?' }).getByRole('button', { name: 'Start over' }).click();
    await expect(page.locator('#check-disk-space')).not.toBeChecked();

    // The parameter form checks the pattern and fills the commands.
    await page.locator('#param-HOST').fill('mx3; reboot');
    await expect(page.locator('#param-HOST')).toHaveAttribute('aria-invalid', 'true');
    await page.locator('#param-HOST').fill('mx7.example.net');
    await expect(page.locator('#param-HOST')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#run-line')).toContainText('--param HOST=mx7.example.net');
    expect(errors).toEqual([]);
  });

  test('every kind of page opens from disk with its scripts running and no errors', async ({ page }) => {
    const errors = errorsOf(page);
    const pages = ['audit', 'people', 'people/mberg', 'services', 'categories/reliability', 'tiers/I', 'tags/queue', 'print', 'about', 'search'];
    for (const path of pages) {
      await page.goto(pathToFileURL(join(copy, 'manual', path, 'index.html')).href);
      await expect(page.locator('h1')).toBeVisible();
      // The search script of every page ran: typing in the box opens its panel.
      await page.locator('#q').fill('disk');
      await expect(page.locator('#search-panel')).toBeVisible();
      const folders = await page
        .locator('a[href^="."], a[href^="index.html"]')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href).filter((href) => !/\.(html|svg|ics)(#.*)?$/.test(href)));
      expect(folders, path).toEqual([]);
    }
    expect(errors).toEqual([]);
  });

  test('search finds the runbook from disk; without its index scripts it says why and offers the A–Z index', async ({ page }) => {
    const errors = errorsOf(page);
    await page.goto(home());
    await page.locator('#q').fill('mail queue');
    const result = page.locator('#search-results li a', { hasText: 'Find and relieve a growing mail queue' }).first();
    await expect(result).toBeVisible();
    await result.click();
    await expect(page).toHaveURL(/\/manual\/runbooks\/mail-queue-growth\/index\.html$/);
    expect(errors).toEqual([]);

    // A copy that lost the index's scripts: search says why, and the A–Z index finds it.
    for (const file of readdirSync(join(copy, 'manual', 'search'))) if (file.endsWith('.js')) rmSync(join(copy, 'manual', 'search', file));
    await page.goto(pathToFileURL(join(copy, 'manual', 'search', 'index.html')).href);
    await page.locator('#q').fill('mail queue');
    const unavailable = page.getByRole('alert').filter({ hasText: 'Search could not read its index in this copy of the manual' });
    await expect(unavailable).toBeVisible();
    await expect(unavailable).toContainText('opened from disk (file://)');
    await expect(page.getByText('results appear as you type')).toBeHidden();
    await expect(page.locator('#search-status')).toContainText('Search could not read its index in this copy opened from disk (file://)');
    await unavailable.getByRole('link', { name: 'A–Z index' }).click();
    await expect(page).toHaveURL(/\/manual\/runbooks\/index\.html$/);
    await page.getByRole('link', { name: 'Find and relieve a growing mail queue' }).first().click();
    await expect(page).toHaveURL(/\/manual\/runbooks\/mail-queue-growth\/index\.html$/);
  });
});

// The e2e manual is built from a folder inside this checkout: the pages name its commit.
const COMMIT = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: import.meta.dirname })
  .toString()
  .trim();

test.describe('on paper', () => {
  test('a printed runbook keeps the values entered (never a secret), coverage instead of a live column, contacts and its build', async ({ page }) => {
    await page.goto('runbooks/ldap-bind-search-kpi/');
    await page.locator('#param-SAMPLES').fill('50');
    await page.locator('#param-PROBE_MAIL').fill('probe7@example.net');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('heading', { name: 'Parameters' })).toBeVisible();
    await expect(page.locator('#param-SAMPLES')).toBeVisible();
    await expect(page.locator('#param-SAMPLES')).toHaveValue('50');
    await expect(page.locator('#param-PROBE_MAIL')).toHaveValue('probe7@example.net');
    // A long value is printed whole, not cut off at the width of the box.
    const servers = page.locator('#param-LDAP_SERVERS');
    await expect(servers).toBeVisible();
    expect(await servers.evaluate((input) => input.scrollWidth <= input.clientWidth)).toBe(true);
    // A secret has no field on the page: only how to give it in a terminal.
    await expect(page.locator('#param-PROBE_PASSWORD')).toHaveCount(0);
    await expect(page.locator('#param-PROBE_PASSWORD-help')).toBeVisible();
    await expect(page.locator('#param-PROBE_PASSWORD-help')).toContainText('Secret: never entered on this page');

    const escalation = page.locator('table.escalation');
    await expect(escalation.getByRole('columnheader', { name: 'On duty now' })).toBeHidden();
    await expect(escalation.locator('[data-duty-team="noc"]')).toBeHidden();
    await expect(escalation.getByRole('columnheader', { name: 'Coverage' })).toBeVisible();
    await expect(escalation.locator('tr[data-team="noc"]')).toContainText('every day 05:00–18:00 Europe/Berlin; every day 11:00–24:00 America/New_York');

    await expect(page.locator('#facts-h + dl')).toContainText('Clara Müller · +49-30-5550-3302');
    await expect(page.locator('#facts-h + dl')).toContainText('Ravi Patel · +49-30-5550-3301');
    const build = page.locator('.build-info').last();
    await expect(build).toBeVisible();
    await expect(build).toContainText(/Built from the runbooks on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    await expect(build.locator('code')).toHaveText(COMMIT.slice(0, 12));
    await expect(build.locator('code')).toHaveAttribute('title', COMMIT);
    // And the page does print.
    expect((await page.pdf({ format: 'A4' })).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test("the whole manual has a linked table of contents, the owners' phone numbers and its build", async ({ page }) => {
    await page.goto('print/');
    await page.emulateMedia({ media: 'print' });
    const toc = page.getByRole('navigation', { name: 'Contents' });
    await expect(toc).toBeVisible();
    const articles = await page.locator('article[data-runbook]').evaluateAll((els) => els.map((e) => e.id));
    const targets = await toc.locator('li li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(targets).toEqual(articles.map((id) => `#${id}`));
    await expect(toc.getByRole('link', { name: 'Teams and coverage' })).toHaveAttribute('href', '#teams');
    await toc.getByRole('link', { name: 'Check the LDAP bind and search response time KPI' }).click();
    const runbook = page.locator('article#ldap-bind-search-kpi');
    await expect(runbook).toBeInViewport();
    await expect(runbook).toContainText('Owner: Clara Müller · +49-30-5550-3302 · cmuller@example.net');
    await expect(runbook).toContainText('Backup owner: Ravi Patel · +49-30-5550-3301 · rpatel@example.net');
    const build = page.locator('main .build-info');
    await expect(build).toBeVisible();
    await expect(build.locator('code')).toHaveText(COMMIT.slice(0, 12));
  });
});

test('the A–Z index lists a runbook under each significant word of its title and each tag', async ({ page }) => {
  await page.goto('runbooks/');
  const under = (term: string) =>
    page
      .locator('dl.az dt')
      .filter({ hasText: new RegExp(`^${term}$`) })
      .locator('xpath=following-sibling::dd[1]');
  for (const term of ['relieve', 'growing', 'mail', 'queue', 'postfix', 'requeue']) {
    await expect(under(term).getByRole('link', { name: 'Find and relieve a growing mail queue' })).toBeVisible();
  }
  // Not under stop words.
  await expect(page.locator('dl.az dt').filter({ hasText: /^(find|and|a)$/ })).toHaveCount(0);
  // Each letter's jump link leads to its section.
  await page.getByRole('navigation', { name: 'Letters' }).getByRole('link', { name: 'Q', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Q', exact: true })).toBeInViewport();
});
