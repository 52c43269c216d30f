// Small formatting helpers shared by the pages.
import { escapeHtml } from '../../src/render/html.ts';
import type { CoverageWindow, Team } from '../../src/model.ts';

/** A script as HTML with each declared parameter marked, so the form can show its value. */
export function scriptHtml(code: string, params: string[]): string {
  const names = new Set(params);
  return escapeHtml(code).replace(/\$(\{)?([A-Za-z_][A-Za-z0-9_]*)(\})?/g, (whole, open: string | undefined, name: string, close: string | undefined) => {
    if (!names.has(name) || Boolean(open) !== Boolean(close)) return whole;
    return `<span class="param" data-param="${name}">${whole}</span>`;
  });
}

const DAY_NAMES: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

function days(list: string[]): string {
  if (list.length === 7) return 'every day';
  if (list.join() === 'mon,tue,wed,thu,fri') return 'Mon–Fri';
  if (list.join() === 'sat,sun') return 'Sat–Sun';
  return list.map((d) => DAY_NAMES[d] ?? d).join(', ');
}

export function windowText(w: CoverageWindow): string {
  if (w.from === '00:00' && w.to === '24:00') return `${days(w.days)}, all day (${w.tz})`;
  return `${days(w.days)} ${w.from}–${w.to} ${w.tz}`;
}

export function coverageText(team: Team): string {
  return team.coverage.length === 0 ? 'no coverage windows' : team.coverage.map(windowText).join('; ');
}

export function contactText(contact: { email?: string; phone?: string; chat?: string; pager?: string }): string {
  return [contact.phone, contact.email, contact.chat, contact.pager].filter(Boolean).join(' · ');
}
