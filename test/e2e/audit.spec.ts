// The audit page as a manager uses it: a heat-map readable at 100 % zoom with an hour axis,
// cells that say who is reachable (keyboard and touch), a "pick a day and hour" form, the load
// per person summed; and the tiers on the runbook pages and the tier lists.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNBOOKS = join(ROOT, '.opsbook', 'e2e-runbooks');
const HOUR = 3_600_000;

interface Holder {
  kind: 'person' | 'team';
  id: string;
  name: string;
  phone?: string;
  members?: { name: string }[];
}
interface OnCall {
  team: string;
  name: string;
  onCall: Holder | null;
  schedule?: { from: string; to: string; onCall: Holder | null }[];
}

/** `opsbook oncall --json` on the manual the site was built from: the terminal's answer. */
function oncall(...args: string[]): OnCall[] {
  const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'opsbook.js'), 'oncall', '--root', RUNBOOKS, '--json', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out) as OnCall[];
}

/** The instant of Monday 00:00 of the week the page shows. */
async function weekStart(page: Page): Promise<number> {
  return Date.parse((await page.locator('#reach-answer').getAttribute('data-start')) ?? '');
}

test('the heat-map has an hour axis, 16 px cells and 12 px text, and fits a 1366 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('audit/');
  const grids = page.locator('table.heatmap');
  // A grid per tier (I, II, III) and per team of the bundled org (8).
  await expect(grids).toHaveCount(11);
  const storage = page.getByRole('table', { name: /^Storage and Backup \(Tier III\): 10 h a week with nobody$/ });
  await expect(storage).toBeVisible();
  // The hour axis: a column header per hour, labelled every three hours.
  const headers = storage.getByRole('columnheader');
  await expect(headers).toHaveCount(24);
  await expect(headers.nth(14)).toHaveAccessibleName('14:00 (Europe/Berlin)');
  await expect(storage.locator('thead [aria-hidden="true"]')).toHaveText(['00', '03', '06', '09', '12', '15', '18', '21']);
  for (const cell of [storage.locator('tbody td').first(), storage.locator('tbody td').last()]) {
    const box = (await cell.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(16);
    expect(box.height).toBeGreaterThanOrEqual(16);
  }
  const sizes = await page.evaluate(() =>
    [...document.querySelectorAll('table.heatmap caption, table.heatmap th, table.heatmap td')].map((el) => parseFloat(getComputedStyle(el).fontSize)),
  );
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
  // Every grid fits the screen whole: no scrolling to see Sunday night.
  for (const box of await grids.evaluateAll((tables) => tables.map((t) => t.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(1366);
  // The Sunday-night storage hole is marked without colour.
  const sunday = storage.getByRole('row', { name: /^Sun/ });
  await expect(sunday.locator('td.gap')).toHaveCount(2);
  // Crossed and hatched: three gradients, not a colour alone.
  expect(
    await sunday
      .locator('td.gap')
      .first()
      .evaluate((td) => getComputedStyle(td).backgroundImage.match(/linear-gradient/g)?.length),
  ).toBe(3);
  await expect(sunday.locator('td.gap').first()).toHaveAccessibleName(/^Sun 22:00 Storage and Backup \(Tier III\): nobody on duty/);
});

test('a cell reached with the keyboard shows what it says: the person on call, else the team', async ({ page }) => {
  await page.goto('audit/');
  const start = await weekStart(page);
  // Start just before the first grid, then only the keyboard.
  await page.locator('#coverage-h').evaluate((h) => {
    h.setAttribute('tabindex', '-1');
    (h as HTMLElement).focus();
  });
  await page.keyboard.press('Tab');
  const tierI = page.locator('table.heatmap').first();
  await expect(tierI.locator('td:focus')).toHaveCount(1);
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown']) await page.keyboard.press(key);
  // Wednesday 03:00: the NOC's duty lead of the terminal's `opsbook oncall` for that hour.
  const noc = oncall('--at', new Date(start + (2 * 24 + 3.5) * HOUR).toISOString()).find((t) => t.team === 'noc')!;
  const text = `Wed 03:00 Tier I (all teams): Network Operations Center: ${noc.onCall!.name} (on call)`;
  await expect(tierI.locator('td:focus')).toHaveAccessibleName(text);
  await expect(page.locator('#tier-I-detail')).toHaveText(text);
  await expect(page.locator('#tier-I-detail')).toBeVisible();
  // One tab stop per grid: Tab goes on to the next grid.
  await page.keyboard.press('Tab');
  await expect(page.locator('table.heatmap').nth(1).locator('td:focus')).toHaveCount(1);
  await expect(page.locator('#tier-II-detail')).toHaveText(/^Mon 00:00 Tier II \(all teams\): /);
  // A team without a rotation answers as a team, with its members.
  const network = page.getByRole('table', { name: /^Network Engineering/ });
  await network.locator('tbody td').nth(5).click();
  await expect(page.locator('#team-network-detail')).toHaveText('Mon 05:00 Network Engineering (Tier II): the whole team: Daniel Kim, Yuki Tanaka');
});

test('a tapped cell shows its text on a phone', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto('audit/');
  const storage = page.getByRole('table', { name: /^Storage and Backup/ });
  const cell = storage.getByRole('row', { name: /^Sun/ }).locator('td').nth(1);
  await cell.scrollIntoViewIfNeeded();
  await cell.tap();
  await expect(page.locator('#team-storage-detail')).toHaveText(/^Sun 01:00 Storage and Backup \(Tier III\): [A-Z][a-z]+ [A-Z][a-z]+ \(on call\)$/);
  const gap = storage.getByRole('row', { name: /^Sun/ }).locator('td').nth(23);
  await gap.scrollIntoViewIfNeeded();
  await gap.tap();
  await expect(page.locator('#team-storage-detail')).toHaveText('Sun 23:00 Storage and Backup (Tier III): nobody on duty (outside its hours)');
  await context.close();
});

test('the picker lists who is reachable at a chosen day and hour, per tier and team, from the keyboard', async ({ page }) => {
  await page.goto('audit/');
  const start = await weekStart(page);
  const form = page.locator('#reach-form');
  await form.getByLabel('Day').selectOption('6');
  await form.getByLabel('Hour').selectOption('23');
  await form.getByRole('button', { name: 'Show who is reachable' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#reach-when')).toContainText(/Sun \d+ \w+, 23:00–24:00 \(Europe\/Berlin\)/);
  const answer = page.locator('#reach-answer [data-answer]:visible');
  await expect(answer).toHaveCount(1);
  await expect(answer.getByRole('heading')).toHaveText(['Tier I', 'Tier II', 'Tier III']);
  // Sunday 23:00 in Berlin: the storage rota's hole, and the rest as `opsbook oncall` has it.
  await expect(answer.locator('[data-team="storage"]')).toHaveText('Storage and Backup: nobody on duty (outside its hours) · team line +49-30-5550-3200');
  await expect(answer.locator('[data-team="network"]')).toContainText('Network Engineering: the whole team: Daniel Kim, Yuki Tanaka');
  await expect(answer.locator('[data-team="messaging-eng"]')).toContainText('Messaging Engineering: nobody on duty (outside its hours)');
  for (const team of oncall('--at', new Date(start + (6 * 24 + 23.5) * HOUR).toISOString())) {
    const item = answer.locator(`[data-team="${team.team}"]`);
    const who = team.onCall;
    if (!who) await expect(item).toContainText(`${team.name}: nobody on duty`);
    else if (who.kind === 'person') await expect(item).toContainText(`${team.name}: ${who.name} (on call`);
    else await expect(item).toContainText(`${team.name}: the whole team: ${who.members!.map((m) => m.name).join(', ')}`);
  }
  // The person on call can be called from here.
  const ops = oncall('--at', new Date(start + (6 * 24 + 23.5) * HOUR).toISOString(), '--team', 'messaging-ops')[0].onCall!;
  await expect(answer.locator('[data-team="messaging-ops"]').getByRole('link')).toHaveText(ops.phone!);
  await expect(answer.locator('[data-team="messaging-ops"]').getByRole('link')).toHaveAttribute('href', `tel:${ops.phone!.replace(/-/g, '')}`);
  await expect(answer.locator('[data-team="network"]').getByRole('link', { name: 'Yuki Tanaka +49-30-5550-2202' })).toHaveAttribute(
    'href',
    'tel:+493055502202',
  );
});

test('the load table sums runbooks and pager hours per person', async ({ page }) => {
  await page.goto('audit/');
  const start = await weekStart(page);
  const table = page.locator('#load');
  await expect(table.getByRole('columnheader')).toHaveText([
    'Person',
    'Owns',
    'Backs up',
    'Runbooks in all',
    'On call this week (h)',
    /^On call, next \d+ days \(h\)$/,
  ]);
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.person ?? '', ...[...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')]));
  for (const [, , owns, backs, all] of rows) expect(Number(all)).toBe(Number(owns) + Number(backs));
  // Pager hours of the week, as the terminal's `opsbook oncall --week` schedules have them.
  const held = new Map<string, number>();
  for (const team of oncall('--week', '--at', new Date(start).toISOString()))
    for (const s of team.schedule ?? [])
      if (s.onCall?.kind === 'person') held.set(s.onCall.id, (held.get(s.onCall.id) ?? 0) + (Date.parse(s.to) - Date.parse(s.from)) / HOUR);
  expect(held.size).toBeGreaterThan(3);
  for (const [id, hours] of held) expect(rows.find((r) => r[0] === id)?.[5], id).toBe(String(hours));
  // Tomas Novak owns the queue runbook (and more) and backs up others: one number to read.
  const tnovak = rows.find((r) => r[0] === 'tnovak')!;
  expect(Number(tnovak[4])).toBeGreaterThan(1);
});

test('the audit page does not scroll sideways on a 390 px phone; the heat-map scrolls inside itself', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('audit/');
  await expect(page.locator('table.heatmap').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const scroller = page.locator('.heat-scroll').first();
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto')).toBe(true);
  const box = (await page.locator('table.heatmap td').first().boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(16);
  await context.close();
});

test('each step says who may do it; the queue runbook is Tier I up to its third step', async ({ page }) => {
  await page.goto('runbooks/mail-queue-growth/');
  const marks = page.locator('ol.steps > li .step-tier');
  await expect(marks).toHaveCount(8);
  await expect(marks.nth(0)).toHaveText('✓ Tier I may do this');
  await expect(marks.nth(2)).toHaveText('✓ Tier I may do this');
  await expect(page.locator('#step-hold-destination .step-tier')).toHaveText('↑ Tier II: Tier I escalates here, with the output of the steps above');
  await expect(page.locator('#step-record .step-tier')).toHaveAttribute('data-tier', 'II');
  // A runbook for Tier II throughout says so on its first step.
  await page.goto('runbooks/certificate-renewal/');
  await expect(page.locator('ol.steps > li .step-tier').first()).toHaveText('↑ Tier II: escalate; Tier I does not do this step');
});

test('the Tier I list shows the queue runbook and where Tier I hands over; Tier II lists what it takes over', async ({ page }) => {
  await page.goto('tiers/I/');
  await expect(page.getByRole('link', { name: 'Find and relieve a growing mail queue' }).first()).toBeVisible();
  const handsOver = page.getByRole('region', { name: 'Where Tier I hands over' });
  await expect(handsOver.getByRole('listitem').filter({ hasText: 'Find and relieve a growing mail queue' })).toHaveText(
    'Find and relieve a growing mail queue: Tier I does 3 of 8 steps (1, 2, 3), then escalates with their output',
  );
  await page.goto('tiers/II/');
  const takesOver = page.getByRole('region', { name: 'Started by a lower tier, with Tier II steps' });
  await expect(takesOver.getByRole('listitem').filter({ hasText: 'Find and relieve a growing mail queue' })).toHaveText(
    'Find and relieve a growing mail queue (Tier I): Tier II steps 4, 5, 6, 7, 8',
  );
});
