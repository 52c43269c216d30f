// Who is on call, as Tier I sees it in the browser: the person holding the pager, by name,
// with a tel: link; a gap with its cause; the published calendars.
import { expect, test } from '@playwright/test';
import ICAL from 'ical.js';

test('the runbook page names the person on call with a tel: link, and a gap with its cause', async ({ page }) => {
  // Tue 22 Dec 2026, 03:00 Berlin: Marco Rossi leads the NOC that day; Matt Berg holds the Messaging Operations pager.
  await page.clock.setFixedTime(new Date('2026-12-22T02:00:00Z'));
  await page.goto('runbooks/host-health-triage/');
  const escalation = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'On duty now' }) });
  await expect(escalation.getByRole('link', { name: 'Marco Rossi' })).toHaveAttribute('href', 'tel:+493055501102');
  await expect(escalation.getByRole('link', { name: 'Matt Berg' })).toHaveAttribute('href', 'tel:+493055502101');
  await expect(page.locator('[data-duty-team="messaging-ops"]')).toContainText('Yes: Matt Berg (on call)');
  // Engineering has no rotation and is not in the office at 03:00.
  await expect(page.locator('[data-duty-team="messaging-eng"]')).toContainText('Nobody now');
  // Sun 27 Dec: Matt is away, Tomas's override has ended, nobody took the rest of the shift.
  await page.clock.setFixedTime(new Date('2026-12-27T12:00:00Z'));
  await page.reload();
  await expect(page.locator('[data-duty-team="messaging-ops"]')).toContainText('Nobody: mberg is away 2026-12-24…2027-01-03 during their shift; no override');
});

test('the home page names who is on call per tier, with tel: links, and the next handoffs', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-12-25T12:00:00Z'));
  await page.goto('./');
  const tier2 = page.locator('[data-duty-tier="II"]');
  await expect(tier2.getByRole('link', { name: 'Tomas Novak' })).toHaveAttribute('href', 'tel:+493055502103');
  await expect(tier2).toContainText('Messaging Operations: Tomas Novak (on call)');
  // Network Engineering has no rotation: the whole team, each with a number.
  await expect(tier2.getByRole('link', { name: 'Daniel Kim' })).toHaveAttribute('href', 'tel:+493055502201');
  await expect(tier2.getByRole('link', { name: 'Yuki Tanaka' })).toHaveAttribute('href', 'tel:+493055502202');
  const handoffs = page.getByRole('region', { name: 'Next handoffs' });
  await expect(handoffs.getByRole('listitem')).toHaveCount(3);
  await expect(handoffs.getByRole('link', { name: 'calendar' }).first()).toHaveAttribute('href', './oncall/noc.ics');
});

test('a person page lists absences and links the calendar; the site publishes one per rotation', async ({ page, request }) => {
  await page.goto('people/mberg/');
  const oncall = page.getByRole('region', { name: 'On call' });
  await expect(oncall).toContainText('2026-12-24 to 2027-01-03');
  await expect(oncall.getByRole('link', { name: 'Messaging Operations calendar' })).toHaveAttribute('href', '../../oncall/messaging-ops.ics');
  const response = await request.get('oncall/messaging-ops.ics');
  expect(response.status()).toBe(200);
  const events = new ICAL.Component(ICAL.parse(await response.text())).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  expect(events.length).toBeGreaterThan(8);
  expect(events.every((e) => /^On call: .+ \(Messaging Operations\)$/.test(e.summary))).toBe(true);
});
