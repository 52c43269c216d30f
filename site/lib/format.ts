// Small formatting helpers shared by the pages.
import { UNSAFE_CHAR, visible } from '../../src/render/visible.ts';
import type { CoverageWindow, Team } from '../../src/model.ts';

/** A piece of a script as shown: plain text, or a use of the declared parameter `param`. */
export interface ScriptSegment {
  text: string;
  param?: string;
}

/**
 * A script as shown, cut into text and uses of its declared parameters (`$NAME`, `${NAME}`)
 * so the form can show their values. What is shown is what runs: control characters, bidi
 * overrides and other invisible characters are written as visible escapes (`\x1b`, `\u202e`).
 */
export function scriptSegments(code: string, params: string[]): ScriptSegment[] {
  const names = new Set(params);
  const segments: ScriptSegment[] = [];
  let text = '';
  let at = 0;
  for (const match of code.matchAll(/\$(\{)?([A-Za-z_][A-Za-z0-9_]*)(\})?/g)) {
    const [whole, open, name, close] = match;
    text += code.slice(at, match.index);
    at = match.index + whole.length;
    if (!names.has(name) || Boolean(open) !== Boolean(close)) {
      text += whole;
      continue;
    }
    if (text) segments.push({ text: visible(text) });
    segments.push({ text: whole, param: name });
    text = '';
  }
  text += code.slice(at);
  if (text) segments.push({ text: visible(text) });
  return segments;
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

/** A `tel:` URL for a phone number as written (`+49-30-5550-2100` → `tel:+493055502100`). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+0-9]/g, '')}`;
}

/**
 * JSON for a `<script type="application/json">`: `<` escaped so no text can close the tag,
 * and every invisible or reordering character (see src/render/visible.ts) as a `\u` escape,
 * so the page's source holds none of them raw; the parsed value is the same.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(UNSAFE_CHAR, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** A fleet step's `serial` in words (`1,5,25%` → a canary, then 5, then a quarter at a time). */
export function serialText(serial: string | undefined): string {
  if (serial === undefined) return 'all the hosts in one batch (at most 10 connections at a time, --forks)';
  const sizes = serial.split(/[\s,]+/).filter(Boolean);
  const size = (s: string) => (s.endsWith('%') ? `${s.slice(0, -1)} % of the hosts` : s === '1' ? '1 host' : `${s} hosts`);
  if (sizes.length === 1) return sizes[0] === '1' ? 'one host at a time' : `${size(sizes[0])} at a time`;
  return `batches of ${sizes.map(size).join(', then ')}; the last size repeats until every host has run`;
}

/** A fleet step's `max_fail` in words: when the roll stops. */
export function maxFailText(maxFail: string | undefined): string {
  const limit = maxFail ?? '0';
  const over = limit === '0' ? 'any host fails' : limit.endsWith('%') ? `more than ${limit.slice(0, -1)} % of its hosts fail` : `more than ${limit} hosts fail`;
  return `the roll stops after a batch in which ${over} (failed, unreachable and timed-out hosts count); hosts not started stay pending for --resume`;
}
