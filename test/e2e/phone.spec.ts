// The manual on a phone: no page scrolls sideways, the escalation is a card per level, what
// Tier I needs is on the first screens, steps are listed and linkable, targets are 44 px.
import { expect, test, type Page } from '@playwright/test';

// Tue 1 Dec 2026, 10:00 in Berlin: every team of the bundled escalations is in the office.
const DAYTIME = new Date('2026-12-01T09:00:00Z');
// Tue 22 Dec 2026, 03:00 in Berlin: engineering is not, so some paths end in nobody.
const NIGHT = new Date('2026-12-22T02:00:00Z');

// Every kind of page; the runbooks: the longest (mail-site-failback), fleet steps
// (platform-controlled-shutdown), 19 parameters (mail-site-failover), markup in the text.
const PAGES = [
  './',
  'runbooks/',
  'runbooks/host-health-triage/',
  'runbooks/mail-site-failback/',
  'runbooks/platform-controlled-shutdown/',
  'runbooks/mail-site-failover/',
  'runbooks/xss-probe/',
  'services/',
  'services/storage/',
  'categories/recoverability/',
  'tags/failover/',
  'tiers/II/',
  'people/',
  'people/mberg/',
  'print/',
  'audit/',
  'search/',
  'about/',
];

/** Elements that reach past the right edge (or are wider than the screen), outside a box that scrolls on its own. */
async function sideways(page: Page): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const inScroller = (e: Element) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')]
      .filter((e) => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && (box.right > innerWidth + 0.5 || box.width > innerWidth + 0.5) && !inScroller(e);
      })
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent ?? '').trim().slice(0, 40)}" ${Math.round(e.getBoundingClientRect().right)} px`,
      );
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, wide: wide.slice(0, 5) };
  });
}

for (const width of [360, 390, 414]) {
  test.describe(`${width} px wide`, () => {
    test.use({ viewport: { width, height: 800 } });
    for (const path of PAGES) {
      test(`${path} does not scroll sideways`, async ({ page }) => {
        await page.clock.setFixedTime(NIGHT);
        await page.goto(path);
        if (path.startsWith('runbooks/') && path !== 'runbooks/') await expect(page.locator('[data-duty-asof]')).toHaveText(/^as of /);
        const found = await sideways(page);
        expect(found.wide).toEqual([]);
        expect(found.scrollWidth).toBeLessThanOrEqual(found.innerWidth);
      });
    }
    test('search results do not scroll sideways', async ({ page }) => {
      await page.goto('search/');
      await page.locator('#q').fill('mailbox queue');
      await expect(page.locator('#search-results li').first()).toBeVisible();
      const found = await sideways(page);
      expect(found.wide).toEqual([]);
      expect(found.scrollWidth).toBeLessThanOrEqual(found.innerWidth);
    });
  });
}

test.describe('a 390 × 844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the escalation is a card per level: team, after, who is on duty now, phone as a tel: link', async ({ page }) => {
    await page.clock.setFixedTime(DAYTIME);
    await page.goto('runbooks/host-health-triage/');
    const levels = page.locator('table.escalation tbody tr');
    await expect(levels).toHaveCount(3);
    const boxes = await levels.evaluateAll((rows) =>
      rows.map((r) => r.getBoundingClientRect()).map((b) => ({ left: b.left, right: b.right, top: b.top, bottom: b.bottom })),
    );
    for (const [i, box] of boxes.entries()) {
      // Stacked: each card spans the column and starts below the one before.
      expect(box.right).toBeLessThanOrEqual(390);
      expect(box.right - box.left).toBeGreaterThan(300);
      if (i > 0) expect(box.top).toBeGreaterThanOrEqual(boxes[i - 1].bottom);
    }
    const second = levels.nth(1);
    await expect(second).toContainText('Messaging Operations');
    await expect(second).toContainText('after 15m');
    // The card labels its parts (the table's column headers are hidden on a phone).
    expect(await second.locator('[data-duty-team]').evaluate((e) => getComputedStyle(e, '::before').content)).toBe('"On duty now: "');
    await expect(second.locator('[data-duty-team]')).toContainText('(on call)');
    await expect(second.getByRole('link', { name: '+49-30-5550-2100' })).toHaveAttribute('href', 'tel:+493055502100');
    const rights = await levels.getByRole('link').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().right));
    expect(rights.length).toBeGreaterThan(3);
    expect(Math.max(...rights)).toBeLessThanOrEqual(390);
  });

  for (const id of ['host-health-triage', 'mail-site-failover', 'mail-site-failback', 'platform-controlled-shutdown']) {
    test(`${id}: the summary, whom to call now, then step 1 within the first two screens`, async ({ page }) => {
      await page.clock.setFixedTime(DAYTIME);
      await page.goto(`runbooks/${id}/`);
      await expect(page.locator('[data-duty-asof]')).toHaveText(/^as of /);
      const top = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((e) => e.getBoundingClientRect().top + scrollY);
      const [summary, escalation, step] = [await top('.lead'), await top('#esc-h'), await top('ol.steps > li')];
      expect(summary).toBeLessThan(escalation);
      expect(escalation).toBeLessThan(step);
      // The step's checkbox and title are on the second screen at the latest.
      const title = await page
        .locator('ol.steps > li .step-head')
        .first()
        .evaluate((e) => e.getBoundingClientRect().bottom + scrollY);
      expect(title).toBeLessThanOrEqual(2 * 844);
    });
  }

  test('"On this page" lists every step; a step link and a step URL scroll to the step and mark it', async ({ page }) => {
    await page.goto('runbooks/host-health-triage/');
    const toc = page.getByRole('navigation', { name: 'On this page' });
    await page.getByText('On this page: 7 steps').click();
    await expect(toc.locator('ol li')).toHaveCount(7);
    await toc.getByRole('link', { name: 'Check that the clock is synchronised' }).click();
    await expect(page).toHaveURL(/#step-clock$/);
    const step = page.locator('#step-clock');
    await expect(step).toBeInViewport();
    await expect(step).toHaveCSS('outline-style', 'solid');
    // Each step's heading has its own link, to be shared: the URL opens at that step.
    const permalink = page.locator('#step-load').getByRole('link', { name: /^Link to step 3: / });
    await expect(permalink).toHaveAttribute('href', '#step-load');
    await permalink.focus();
    await expect(permalink).toBeFocused();
    await page.goto('about:blank');
    await page.goto('runbooks/host-health-triage/#step-tcp-probe');
    await expect(page.locator('#step-tcp-probe')).toBeInViewport();
    await expect(page.locator('#step-tcp-probe')).toHaveCSS('outline-style', 'solid');
    await expect(page.locator('#step-disk-space')).toHaveCSS('outline-style', 'none');
  });

  test("a step's title is its checkbox's label: tapping the title ticks it", async ({ page }) => {
    await page.goto('runbooks/host-health-triage/');
    const box = page.getByRole('checkbox', { name: 'Compare the load average with the number of CPUs', exact: true });
    await expect(box).toHaveAttribute('id', 'check-load');
    await page.locator('#title-load').getByText('Compare the load average').click();
    await expect(box).toBeChecked();
    await page.locator('#title-load').click();
    await expect(box).not.toBeChecked();
  });

  for (const path of [
    './',
    'runbooks/',
    'runbooks/host-health-triage/',
    'runbooks/platform-controlled-shutdown/',
    'people/',
    'people/mberg/',
    'services/mailbox/',
    'tags/failover/',
  ]) {
    test(`${path}: every button, checkbox and link in a list is at least 44 × 44 px`, async ({ page }) => {
      await page.clock.setFixedTime(NIGHT);
      await page.goto(path);
      await page.locator('#toc').evaluateAll((els) => els.forEach((e) => e.setAttribute('open', '')));
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('button, input[type="checkbox"], summary, li a, .permalink, [data-duty-team] a, .contact a')]
          .map((e) => ({ e, box: e.getBoundingClientRect() }))
          .filter(({ e, box }) => box.width > 0 && getComputedStyle(e).visibility !== 'hidden' && (box.width < 44 || box.height < 44))
          .map(({ e, box }) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`),
      );
      expect(small).toEqual([]);
    });
  }
});
