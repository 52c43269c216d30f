// A team's on-call shifts as an RFC 5545 calendar: one event per stretch a person holds the
// pager, in UTC, with UIDs made of the team, the start and the person, so a calendar that
// subscribes sees the same event again on every refresh.
import type { Org, Team } from '../model.ts';
import { holderView } from './view.ts';
import { timeline } from './timeline.ts';

const DAY = 86_400_000;
/** A stretch that began before the calendar's first day is shown whole: look back this far. */
const LOOKBACK_DAYS = 28;

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** TEXT value escaping (RFC 5545 3.3.11). */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets folded with CRLF and a space (RFC 5545 3.1), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function teamCalendar(org: Pick<Org, 'people'>, team: Team, at: Date, weeks = 12): string {
  const end = new Date(at.getTime() + weeks * 7 * DAY);
  const segments = timeline(org, team, new Date(at.getTime() - LOOKBACK_DAYS * DAY), new Date(end.getTime() + LOOKBACK_DAYS * DAY)).filter(
    (s) => s.state === 'on' && s.holder?.kind === 'person' && s.to > at && s.from < end,
  );
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//opsbook//on call//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(`${team.name} on call`)}`,
  ];
  for (const s of segments) {
    const who = holderView(org, team, s.holder!);
    if (who.kind !== 'person') continue;
    const how = who.via === 'override' ? 'override' : 'rotation';
    const contact = [who.phone && `phone ${who.phone}`, who.pager && `pager ${who.pager}`, who.email && `email ${who.email}`].filter(Boolean).join(', ');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${team.id}-${stamp(s.from)}-${who.id}@opsbook`,
      `DTSTAMP:${stamp(at)}`,
      `DTSTART:${stamp(s.from)}`,
      `DTEND:${stamp(s.to)}`,
      `SUMMARY:${text(`On call: ${who.name} (${team.name})`)}`,
      `DESCRIPTION:${text(`${who.name} holds the ${team.name} pager (${how}).${contact ? ` ${contact}.` : ''}`)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
