// Search for a person under stress, in the built manual: a typo in a short word, a compound
// written apart, a customer's words, the matched words marked (as text, never as markup), and
// search from a copy of the manual opened from disk (file://).
import { expect, test, type Page } from '@playwright/test';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SITE = join(import.meta.dirname, '..', '..', '.opsbook', 'e2e-site');

async function searchFor(page: Page, text: string): Promise<void> {
  await page.locator('#q').fill(text);
  await expect(page.locator('#search-results')).toHaveAttribute('data-query', text);
}

const firstTitle = (page: Page) => page.locator('#search-results li a').first();

test('a typo in a short word and a compound written apart find the runbook meant, first', async ({ page }) => {
  await page.goto('./');
  await searchFor(page, 'dsik full on mailbox store');
  await expect(firstTitle(page)).toHaveText('Free and add space on a full message store');
  await searchFor(page, 'fail-over');
  await expect(firstTitle(page)).toHaveText('Fail over mail to the standby site');
  await searchFor(page, 'log in locked out');
  await expect(firstTitle(page)).toHaveText('Unlock an account that is locked');
});

test('a customer’s words find the runbook meant, and the list says which runbooks have every word', async ({ page }) => {
  await page.goto('./');
  await searchFor(page, 'can’t send email from phone');
  await expect(firstTitle(page)).toHaveText('Help a customer whose phone stopped syncing mail');
  await searchFor(page, 'mailbox quota');
  await expect(page.locator('#search-status')).toContainText(/^\d+ runbooks? match(es)? every word, then \d+\+? that match some\./);
});

test('matched words are marked in the title and summary, a word found only in the steps is named, and markup stays text', async ({ page }) => {
  await page.goto('./');
  await searchFor(page, 'postsuper queue');
  const first = page.locator('#search-results li').first();
  await expect(first.locator('a')).toHaveText('Find and relieve a growing mail queue');
  await expect(first.locator('a mark')).toHaveText(['queue']);
  await expect(first.locator('.elsewhere')).toHaveText('In its steps: postsuper');
  await expect(first.locator('.elsewhere mark')).toHaveText('postsuper');
  await searchFor(page, 'probe quotes');
  const probe = page.locator('#search-results li', { hasText: 'Probe 5' });
  await expect(probe.locator('a')).toHaveText('Probe 5 < 6 & "quotes" in titles');
  await expect(probe.locator('a mark')).toHaveText(['Probe', 'quotes']);
  await expect(probe.locator('b, script, img')).toHaveCount(0);
});

test('search works in a copy of the manual opened from disk (file://)', async ({ page }) => {
  const copy = join(mkdtempSync(join(tmpdir(), 'opsbook-usb-')), 'manual');
  cpSync(SITE, copy, { recursive: true });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(join(copy, 'runbooks', 'mail-queue-growth', 'index.html')).href);
  await searchFor(page, 'dsik full on mailbox store');
  await expect(firstTitle(page)).toHaveText('Free and add space on a full message store');
  await expect(page.locator('#search-status')).not.toContainText('did not load');
  await searchFor(page, 'certficate');
  await expect(firstTitle(page)).toHaveText(/Renew the TLS certificate/);
  await firstTitle(page).click();
  await expect(page).toHaveURL(/runbooks\/certificate-renewal\/index\.html$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Renew the TLS certificate/);
  expect(errors).toEqual([]);
});
