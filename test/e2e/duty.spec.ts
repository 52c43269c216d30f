// Whom to call now, and how: "On duty now" follows the clock (every minute, and when the
// page is looked at again) and says as of when in the reader's time zone; a path whose last
// levels answer nobody says so and what to do; every number and address is a link.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

test.use({ timezoneId: 'Europe/Berlin' });

test('"On duty now" is worked out again every minute, and when the page gets focus or is shown again', async ({ page }) => {
  // Tue 1 Dec 2026, 08:58:30 in Berlin: Messaging Engineering starts at 09:00.
  await page.clock.install({ time: new Date('2026-12-01T07:58:30Z') });
  await page.goto('runbooks/host-health-triage/');
  const asOf = page.locator('[data-duty-asof]');
  const eng = page.locator('[data-duty-team="messaging-eng"]');
  await expect(asOf).toHaveText('as of 08:58 (Europe/Berlin)');
  await expect(eng).toContainText('Nobody now; answers from 09:00 (in 2 min).');
  await page.clock.fastForward('00:40');
  await expect(asOf).toHaveText('as of 08:59 (Europe/Berlin)');
  await expect(eng).toContainText('(in 1 min)');
  await page.clock.fastForward('01:00');
  await expect(asOf).toHaveText('as of 09:00 (Europe/Berlin)');
  await expect(eng).toContainText('Yes: Eva Brandt, Olu Adeyemi');
  // The clock moves on without a timer firing (a laptop's lid was shut); coming back to the
  // window or the tab shows the present.
  await page.clock.setSystemTime(new Date('2026-12-01T16:30:00Z'));
  await expect(asOf).toHaveText('as of 09:00 (Europe/Berlin)');
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(asOf).toHaveText('as of 17:30 (Europe/Berlin)');
  await expect(eng).toContainText('Nobody now; answers from Wed 09:00 (in 15 h 30 min).');
  await page.clock.setSystemTime(new Date('2026-12-02T08:05:00Z'));
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(asOf).toHaveText('as of 09:05 (Europe/Berlin)');
  await expect(eng).toContainText('Yes: Eva Brandt');
});

test('the time is the reader’s own', async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await page.clock.install({ time: new Date('2026-12-01T19:05:00Z') });
  await page.goto('runbooks/host-health-triage/');
  await expect(page.locator('[data-duty-asof]')).toHaveText('as of 14:05 (America/New_York)');
  // Engineering is back at 09:00 in Berlin: 03:00 in New York.
  await expect(page.locator('[data-duty-team="messaging-eng"]')).toContainText('answers from Wed 03:00 (in 12 h 55 min)');
  await page.goto('./');
  await expect(page.locator('[data-duty-asof]')).toHaveText('as of 14:05 (America/New_York)');
  await context.close();
});

test('when the last level answers nobody, the page says so, whom to leave a message with, and who answers when', async ({ page }) => {
  // Tue 22 Dec 2026, 03:00 in Berlin: the NOC and the Messaging Operations pager answer, engineering does not.
  await page.clock.install({ time: new Date('2026-12-22T02:00:00Z') });
  await page.goto('runbooks/host-health-triage/');
  await expect(page.locator('[data-duty-team="messaging-eng"]')).toContainText('Nobody now; answers from 09:00 (in 6 h). Last level: see below.');
  const note = page.getByRole('note');
  await expect(note).toContainText(
    'Nobody after level 2 (Messaging Operations) answers at this hour: if it cannot solve it, nobody further up can be called now.',
  );
  await expect(note).toContainText('Leave a message for Messaging Engineering, the last level: +49-30-5550-3100 · messaging-eng@example.net.');
  await expect(note.getByRole('link', { name: '+49-30-5550-3100' })).toHaveAttribute('href', 'tel:+493055503100');
  await expect(note.getByRole('link', { name: 'messaging-eng@example.net' })).toHaveAttribute('href', 'mailto:messaging-eng@example.net');
  await expect(note).toContainText('Messaging Engineering answers from 09:00 (in 6 h).');
  // At 10:00 everybody answers: no note.
  await page.clock.setSystemTime(new Date('2026-12-22T09:00:00Z'));
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(note).toBeHidden();
});

test('when nobody on the path answers, the page says so and names the first level that will', async ({ page }) => {
  // Sun 27 Dec 2026, 13:00 in Berlin: the help desk is closed on Sundays; Matt Berg holds the
  // Messaging Operations pager but is away, and the override has ended.
  await page.clock.install({ time: new Date('2026-12-27T12:00:00Z') });
  await page.goto('runbooks/xss-probe/');
  const note = page.getByRole('note');
  await expect(note).toContainText('Nobody on this escalation path answers now, at 13:00 (Europe/Berlin).');
  await expect(note).toContainText('Leave a message for Messaging Operations, the last level: +49-30-5550-2100 · messaging-ops@example.net.');
  // The next member takes the pager at Monday's 09:00 handoff; the help desk opens at 07:00 in New York (13:00 in Berlin).
  await expect(note).toContainText('First to answer: Messaging Operations (level 2), from Mon 09:00 (in 20 h).');
  await expect(page.locator('[data-duty-team="helpdesk"]')).toContainText('Nobody now; answers from Mon 13:00 (in 24 h). Go to the next level.');
});

test('a team with a rotation names the person on call, with their number; a team without one, its members', async ({ page }) => {
  // Tue 1 Dec 2026, 10:00 in Berlin: Jide Okafor leads the NOC that day.
  await page.clock.install({ time: new Date('2026-12-01T09:00:00Z') });
  await page.goto('runbooks/mail-site-failover/');
  const messaging = page.locator('[data-duty-team="messaging-ops"]');
  await expect(messaging).toHaveText('Yes: Aisha Khan (on call) · +49-30-5550-2102');
  await expect(messaging.getByRole('link')).toHaveCount(2);
  await expect(messaging.getByRole('link', { name: '+49-30-5550-2102' })).toHaveAttribute('href', 'tel:+493055502102');
  await expect(page.locator('[data-duty-team="network"]')).toHaveText('Yes: Daniel Kim, Yuki Tanaka');
  await page.goto('./');
  await expect(page.locator('[data-duty-tier="I"]')).toContainText('Network Operations Center: Jide Okafor (on call) · +1-212-555-0113');
});

interface OrgFile {
  people: { contact: { phone?: string; email?: string } }[];
  teams: { contact: { phone?: string; email?: string } }[];
}
const org = yaml.load(readFileSync(new URL('../../runbooks/org.yaml', import.meta.url), 'utf8')) as OrgFile;
const contacts = [...org.people, ...org.teams].map((x) => x.contact);

const addresses = [...org.people, ...org.teams].flatMap((x) => (x.contact.email ? [x.contact.email] : []));

/**
 * Phone numbers and the org file's addresses in the page's text that are not the text of a
 * link (code and form fields aside; a parameter's example address is data, not a contact).
 */
async function unlinked(page: Page): Promise<string[]> {
  return page.evaluate((addresses) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('a[href^="tel:"], a[href^="mailto:"], code, pre, kbd, script, style, textarea, noscript')) continue;
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/\+\d[\d ().-]{6,}\d/g)) found.push(m[0]);
      found.push(...addresses.filter((a) => text.includes(a)));
    }
    return found;
  }, addresses);
}

for (const path of ['./', 'runbooks/host-health-triage/', 'runbooks/mail-site-failover/', 'people/', 'people/mberg/', 'people/jblake/', 'print/', 'audit/']) {
  test(`${path}: every phone number is a tel: link and every address a mailto: link`, async ({ page }) => {
    await page.clock.install({ time: new Date('2026-12-01T09:00:00Z') });
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
    if (path === './' || path.startsWith('runbooks/')) await expect(page.locator('[data-duty-asof]')).toHaveText(/^as of /);
    expect(await unlinked(page)).toEqual([]);
    const links = await page.locator('a[href^="tel:"], a[href^="mailto:"]').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    if (path !== 'audit/') expect(links.length).toBeGreaterThan(0);
    for (const [href, text] of links) {
      if (href!.startsWith('mailto:')) expect(href).toBe(`mailto:${text}`);
      else if (/^\+/.test(text!)) expect(href).toBe(`tel:${text!.replace(/[^+0-9]/g, '')}`);
    }
  });
}

test('the people page links every number and address of the org file', async ({ page }) => {
  await page.goto('people/');
  const hrefs = new Set(await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))));
  for (const c of org.teams.map((t) => t.contact)) {
    if (c.phone) expect(hrefs).toContain(`tel:${c.phone.replace(/[^+0-9]/g, '')}`);
    if (c.email) expect(hrefs).toContain(`mailto:${c.email}`);
  }
  expect(contacts.length).toBeGreaterThan(10);
});
