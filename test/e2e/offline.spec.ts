// The manual without a network: a copied folder opened from disk (file://), printed on paper,
// and the A–Z index for finding a runbook without search.
import { expect, test, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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

    // The parameter form checks the pattern and fills the commands.
    await page.locator('#param-HOST').fill('mx3; reboot');
    await expect(page.locator('#param-HOST')).toHaveAttribute('aria-invalid', 'true');
    await page.locator('#param-HOST').fill('mx7.example.net');
    await expect(page.locator('#param-HOST')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#run-line')).toContainText('--param HOST=mx7.example.net');
    expect(errors).toEqual([]);
  });

  test('search finds the runbook, or says why it cannot and offers the A–Z index', async ({ page }) => {
    const errors = errorsOf(page);
    await page.goto(home());
    await page.locator('#q').fill('mail queue');
    await page.keyboard.press('Enter');
    const result = page.locator('#search-results li a', { hasText: 'Find and relieve a growing mail queue' }).first();
    const unavailable = page.getByRole('alert').filter({ hasText: 'Search does not work in this copy of the manual' });
    await expect(result.or(unavailable)).toBeVisible();
    if (await unavailable.isVisible()) {
      await expect(page).toHaveURL(/\/manual\/search\/index\.html\?q=mail\+queue$/);
      await expect(unavailable).toContainText('opened from disk (file://)');
      await expect(page.locator('#search-status')).toContainText('Search does not work in a copy opened from disk (file://)');
      await unavailable.getByRole('link', { name: 'A–Z index' }).click();
      await expect(page).toHaveURL(/\/manual\/runbooks\/index\.html$/);
      await page.getByRole('link', { name: 'Find and relieve a growing mail queue' }).first().click();
    } else {
      await result.click();
    }
    await expect(page).toHaveURL(/\/manual\/runbooks\/mail-queue-growth\/index\.html$/);
    expect(errors).toEqual([]);
  });
});
