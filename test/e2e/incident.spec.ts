// A checklist's progress belongs to an incident run, not to the runbook: runs with a ticket and
// a start time, asked about on opening, kept and listed, in step across tabs, Start over asked
// and undoable, the record naming the run's operator and ticket; and the sticky progress bar.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PAGE = 'runbooks/host-health-triage/';
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'opsbook.js');

test.use({ timezoneId: 'Europe/Berlin' });

/** A tab on the runbook at a time of the clock (Europe/Berlin is UTC+1 in December). */
async function at(context: BrowserContext, time: string): Promise<Page> {
  await context.clock.install({ time: new Date(time) });
  const page = await context.newPage();
  await page.goto(PAGE);
  return page;
}

const chooser = (page: Page) => page.getByRole('dialog', { name: 'Continue a run or start a new one' });

test('a tab opened on a runbook with an unfinished run asks whether to continue it or start a new one, from the keyboard', async ({ context }) => {
  const first = await at(context, '2026-12-01T13:02:00Z');
  await expect(chooser(first)).toBeHidden();
  await first.getByLabel('Ticket', { exact: true }).fill('INC-123');
  await first.locator('#check-disk-space').check();
  await first.locator('#check-inodes').check();
  await expect(first.locator('#run-summary')).toHaveText('This tab works on the run of 14:02 (INC-123).');

  const second = await context.newPage();
  await second.goto(PAGE);
  const dialog = chooser(second);
  await expect(dialog).toBeVisible();
  // Nothing of the old run shows before the choice.
  await expect(second.locator('#check-disk-space')).not.toBeChecked();
  const proceed = dialog.getByRole('button', { name: 'Continue the run of 14:02 (INC-123)' });
  await expect(proceed).toBeFocused();
  await expect(dialog).toContainText('2 of 7 steps done');
  const axe = await new AxeBuilder({ page: second }).include('#run-chooser').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await second.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(second.locator('#check-inodes')).toBeChecked();
  await expect(second.locator('#progress')).toHaveText('2 of 7 steps done');

  // A third tab starts a new run for another incident, by keyboard only.
  const third = await context.newPage();
  await third.goto(PAGE);
  await expect(chooser(third)).toBeVisible();
  await third.keyboard.press('Tab');
  await expect(third.getByLabel('Ticket of the new incident (optional)')).toBeFocused();
  await third.keyboard.type('INC-124');
  await third.keyboard.press('Enter');
  await expect(chooser(third)).toBeHidden();
  await expect(third.locator('#check-disk-space')).not.toBeChecked();
  await expect(third.locator('#progress')).toHaveText('0 of 7 steps done');
  await expect(third.getByLabel('Ticket', { exact: true })).toHaveValue('INC-124');
  await third.locator('#check-load').check();
  // Both runs are listed in every tab; the other tabs still work on theirs.
  await expect(third.locator('#run-count')).toHaveText('2');
  await expect(second.locator('#run-count')).toHaveText('2');
  await expect(second.locator('#check-load')).not.toBeChecked();
  // A reload continues the tab's own run without asking.
  await third.reload();
  await expect(chooser(third)).toBeHidden();
  await expect(third.locator('#check-load')).toBeChecked();
});

test('a deep link for a new incident starts a new run; the old run is kept, listed and can be switched back to', async ({ context }) => {
  const yesterday = await at(context, '2026-12-01T13:02:00Z');
  await yesterday.getByLabel('Ticket', { exact: true }).fill('INC-100');
  await yesterday.locator('#param-HOST').fill('mx1.example.net');
  await yesterday.locator('#check-disk-space').check();
  await yesterday.locator('#check-load').check();
  await yesterday.close();

  await context.clock.setSystemTime(new Date('2026-12-02T08:00:00Z'));
  const page = await context.newPage();
  await page.goto(`${PAGE}?HOST=mx9.example.net&ticket=INC-200`);
  await expect(chooser(page)).toBeHidden();
  await expect(page.locator('#param-HOST')).toHaveValue('mx9.example.net');
  await expect(page.locator('#check-disk-space')).not.toBeChecked();
  await expect(page.locator('#progress')).toHaveText('0 of 7 steps done');
  await expect(page.getByLabel('Ticket', { exact: true })).toHaveValue('INC-200');
  await expect(page.locator('#run-notice')).toHaveText('This link starts a new run. An unfinished run is kept under “Runs of this runbook”.');
  await page.locator('#check-resolve').check();

  await page.getByText('Runs of this runbook in this browser').click();
  const list = page.locator('#run-list');
  await expect(list.locator('li')).toHaveCount(2);
  await expect(list.locator('li').first()).toContainText('The run of 09:00 (INC-200) (this tab) · 1 of 7 steps done');
  await expect(list.locator('li').nth(1)).toContainText('The run of Tue 1 Dec 14:02 (INC-100) · 2 of 7 steps done');
  await page.getByRole('button', { name: 'Switch to the run of Tue 1 Dec 14:02 (INC-100)' }).click();
  await expect(page.locator('#check-disk-space')).toBeChecked();
  await expect(page.locator('#check-resolve')).not.toBeChecked();
  await expect(page.locator('#param-HOST')).toHaveValue('mx1.example.net');
  await expect(page.getByLabel('Ticket', { exact: true })).toHaveValue('INC-100');
  // A finished run is marked as such.
  for (const id of ['inodes', 'resolve', 'tcp-probe', 'clock', 'record']) await page.locator(`#check-${id}`).check();
  await expect(list.locator('li.finished')).toContainText('(INC-100) (this tab) · finished');
  // The link's own run, reloaded, still holds what it had, not the other run's.
  await page.getByRole('button', { name: 'Switch to the run of 09:00 (INC-200)' }).click();
  await page.reload();
  await expect(page.locator('#check-resolve')).toBeChecked();
  await expect(page.locator('#check-disk-space')).not.toBeChecked();
  await expect(page.locator('#param-HOST')).toHaveValue('mx9.example.net');
});

test('two tabs on one run show each other’s ticks at once, and none is lost when both tick together', async ({ context }) => {
  const a = await at(context, '2026-12-01T13:02:00Z');
  await a.locator('#check-disk-space').check();
  const b = await context.newPage();
  await b.goto(PAGE);
  await chooser(b)
    .getByRole('button', { name: /^Continue the run of 14:02/ })
    .click();
  await expect(b.locator('#check-disk-space')).toBeChecked();

  await a.locator('#check-inodes').check();
  await expect(b.locator('#check-inodes')).toBeChecked();
  await expect(b.locator('#progress')).toHaveText('2 of 7 steps done');
  await b.locator('#check-disk-space').uncheck();
  await expect(a.locator('#check-disk-space')).not.toBeChecked();

  // Both tabs tick different steps at the same moment, several times.
  await Promise.all([a.locator('#check-load').check(), b.locator('#check-resolve').check()]);
  await Promise.all([a.locator('#check-tcp-probe').check(), b.locator('#check-clock').check()]);
  for (const tab of [a, b]) {
    for (const id of ['inodes', 'load', 'resolve', 'tcp-probe', 'clock']) await expect(tab.locator(`#check-${id}`)).toBeChecked();
    await expect(tab.locator('#progress')).toHaveText('5 of 7 steps done');
  }
  await a.reload();
  await expect(a.locator('#progress')).toHaveText('5 of 7 steps done');
  // A value typed in one tab shows in the other.
  await a.locator('#param-HOST').fill('mx5.example.net');
  await expect(b.locator('#param-HOST')).toHaveValue('mx5.example.net');
  // Start over in one tab takes the other along, and so does its undo.
  await a.getByRole('button', { name: 'Start over' }).click();
  await a.getByRole('dialog', { name: 'Start over?' }).getByRole('button', { name: 'Start over' }).click();
  await expect(b.locator('#progress')).toHaveText('0 of 7 steps done');
  await a.getByRole('button', { name: 'Undo' }).click();
  await expect(b.locator('#progress')).toHaveText('5 of 7 steps done');
  await b.locator('#check-record').check();
  await expect(a.locator('#check-record')).toBeChecked();
});

test('Start over asks first, can be undone for a few seconds, and the undo goes by itself', async ({ context }) => {
  const page = await at(context, '2026-12-01T13:02:00Z');
  await page.getByLabel('Ticket', { exact: true }).fill('INC-7');
  await page.locator('#check-disk-space').check();
  await page.locator('#check-load').check();
  const ask = page.getByRole('dialog', { name: 'Start over?' });

  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('The 2 ticks of the run of 14:02 (INC-7) will be cleared');
  await expect(ask.getByRole('button', { name: 'Keep the ticks' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(page.locator('#progress')).toHaveText('2 of 7 steps done');

  await page.getByRole('button', { name: 'Start over' }).click();
  await ask.getByRole('button', { name: 'Start over' }).click();
  await expect(page.locator('#progress')).toHaveText('0 of 7 steps done');
  await expect(page.locator('#check-load')).not.toBeChecked();
  await expect(page.getByLabel('Ticket', { exact: true })).toHaveValue('INC-7');
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#progress')).toHaveText('2 of 7 steps done');
  await expect(page.locator('#run-notice')).toHaveText('Undone: the run of 14:02 (INC-7) has its ticks again.');
  await page.reload();
  await expect(page.locator('#check-load')).toBeChecked();

  // The undo lasts a few seconds...
  await page.getByRole('button', { name: 'Start over' }).click();
  await ask.getByRole('button', { name: 'Start over' }).click();
  await expect(undo).toBeVisible();
  await context.clock.runFor(16_000);
  await expect(undo).toBeHidden();
  await expect(page.locator('#progress')).toHaveText('0 of 7 steps done');
  // ...or until the next action.
  await page.locator('#check-inodes').check();
  await page.getByRole('button', { name: 'Start over' }).click();
  await ask.getByRole('button', { name: 'Start over' }).click();
  await expect(undo).toBeVisible();
  await page.locator('#check-clock').check();
  await expect(undo).toBeHidden();
  await expect(page.locator('#run-count')).toHaveText('1');
});

test('a checklist saved by the previous manual becomes a run, asked about and continued with its ticks and values', async ({ context }) => {
  const page = await at(context, '2026-12-01T13:30:00Z');
  const hash = await page.evaluate(() => (JSON.parse(document.getElementById('runbook-data')!.textContent) as { hash: string }).hash);
  await page.evaluate((key) => {
    localStorage.setItem(
      key,
      JSON.stringify({
        run: '20261201T130200Z-0a1b2c',
        started: '2026-12-01T13:02:00.000Z',
        ticks: { 'disk-space': '2026-12-01T13:02:00.000Z', load: '2026-12-01T13:05:00.000Z' },
        values: { HOST: 'mx7.example.net' },
      }),
    );
  }, `opsbook:checklist:host-health-triage:${hash}`);
  const after = await context.newPage();
  await after.goto(PAGE);
  await chooser(after).getByRole('button', { name: 'Continue the run of 14:02' }).click();
  await expect(after.locator('#check-disk-space')).toBeChecked();
  await expect(after.locator('#check-load')).toBeChecked();
  await expect(after.locator('#param-HOST')).toHaveValue('mx7.example.net');
  expect(await after.evaluate((key) => localStorage.getItem(key), `opsbook:checklist:host-health-triage:${hash}`)).toBeNull();
  await expect(after.locator('#run-count')).toHaveText('1');
});

test('the run record names each run’s operator and its ticket, and `opsbook log import` keeps them', async ({ context }) => {
  const page = await at(context, '2026-12-01T13:02:00Z');
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.getByLabel('Ticket', { exact: true }).fill('INC-123');
  await page.getByLabel('Operator').fill('Lena Wu');
  for (const id of ['disk-space', 'inodes', 'load', 'resolve', 'tcp-probe', 'clock', 'record']) await page.locator(`#check-${id}`).check();

  // A second run in another tab: the operator is asked for per run, and changeable.
  const other = await context.newPage();
  await other.goto(PAGE);
  await other.getByRole('button', { name: 'New run…' }).click();
  await chooser(other).getByRole('button', { name: 'Start a new run' }).click();
  await expect(other.getByLabel('Operator')).toHaveValue('Lena Wu');
  await other.getByLabel('Operator').fill('Pat Diaz');
  await other.locator('#check-disk-space').check();
  await page.reload();
  await expect(page.getByLabel('Operator')).toHaveValue('Lena Wu');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download run record' }).click();
  const file = await (await download).path();
  expect(dialogs).toEqual([]);
  const events = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(events[0]).toMatchObject({
    type: 'run-start',
    mode: 'browser',
    operator: { name: 'Lena Wu' },
    ticket: 'INC-123',
    ts: expect.stringMatching(/^2026-12-01T13:0[2-4]:/),
  });

  const logs = join(mkdtempSync(join(tmpdir(), 'opsbook-incident-')), 'logs');
  const imported = spawnSync(process.execPath, [BIN, 'log', 'import', file, '--log-dir', logs], { encoding: 'utf8' });
  expect(imported.stderr).toBe('');
  expect(imported.status).toBe(0);
  const run = events[0].run as string;
  expect(imported.stdout).toContain(`Imported run ${run} (9 events)`);
  const shown = spawnSync(process.execPath, [BIN, 'log', 'show', run, '--json', '--log-dir', logs], { encoding: 'utf8' });
  expect(shown.status).toBe(0);
  expect((JSON.parse(shown.stdout) as { events: Record<string, unknown>[] }).events[0]).toMatchObject({ operator: { name: 'Lena Wu' }, ticket: 'INC-123' });
  expect(spawnSync(process.execPath, [BIN, 'log', 'verify', '--all', '--log-dir', logs], { encoding: 'utf8' }).status).toBe(0);

  // The other run's record names its own operator.
  const second = other.waitForEvent('download');
  await other.getByRole('button', { name: 'Download run record' }).click();
  const first = JSON.parse(readFileSync(await (await second).path(), 'utf8').split('\n')[0]) as Record<string, unknown>;
  expect(first).toMatchObject({ operator: { name: 'Pat Diaz' } });
  expect(first).not.toHaveProperty('ticket');
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the sticky progress bar stays in view, names the next open step and jumps to it, not hidden under the bar', async ({ page }) => {
    await page.goto(PAGE);
    await page.locator('#check-disk-space').check();
    const bar = page.locator('.progress-bar');
    await expect(bar).toContainText('1 of 7 steps done');
    const next = bar.getByRole('link', { name: 'next: Check inode use' });
    await expect(next).toBeVisible();

    // Down to the last step: the bar belongs to the steps and stays at the top over them.
    await page.evaluate(() => document.querySelector('ol.steps:last-of-type > li:last-child')!.scrollIntoView({ block: 'center' }));
    const stuck = (await bar.boundingBox())!;
    expect(stuck.y).toBe(0);
    expect(stuck.height).toBeLessThanOrEqual(60);
    expect(stuck.width).toBeLessThanOrEqual(390);
    expect(await bar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    await next.click();
    await expect(page.locator('#check-inodes')).toBeFocused();
    const barBox = (await bar.boundingBox())!;
    const step = (await page.locator('#step-inodes').boundingBox())!;
    expect(step.y).toBeGreaterThanOrEqual(barBox.y + barBox.height);
    expect(step.y).toBeLessThan(844 / 2);

    // Space ticks the step the bar jumped to; the bar moves on.
    await page.keyboard.press('Space');
    await expect(bar.getByRole('link')).toHaveText('next: Compare the load average with the number of CPUs');
    for (const id of ['load', 'resolve', 'tcp-probe', 'clock', 'record']) await page.locator(`#check-${id}`).check();
    await expect(bar).toHaveText('7 of 7 steps done', { useInnerText: true });
    await expect(bar.getByRole('link')).toBeHidden();
  });
});
