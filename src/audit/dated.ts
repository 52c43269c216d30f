// Dated stretches over the audit period: several teams' timelines cut at every change, and
// intervals written as local dates and times of the display zone.
import type { Segment } from '../oncall/timeline.ts';

export interface Piece {
  from: Date;
  to: Date;
  /** The segment of each timeline that holds the piece, in the order given. */
  states: Segment[];
}

/** The timelines (each covering the same period) cut at every change of any of them. */
export function combine(timelines: Segment[][]): Piece[] {
  const cuts = [...new Set(timelines.flatMap((t) => t.flatMap((s) => [s.from.getTime(), s.to.getTime()])))].sort((a, b) => a - b);
  const cursor = timelines.map(() => 0);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const at = cuts[i];
    const states = timelines.map((t, k) => {
      while (cursor[k] < t.length && t[cursor[k]].to.getTime() <= at) cursor[k]++;
      return t[cursor[k]];
    });
    if (states.some((s) => s === undefined)) continue;
    out.push({ from: new Date(at), to: new Date(cuts[i + 1]), states });
  }
  return out;
}

/** Adjacent items with the same label joined. */
export function joinBy<T extends { from: Date; to: Date }>(items: T[], label: (item: T) => string): (T & { label: string })[] {
  const out: (T & { label: string })[] = [];
  for (const item of items) {
    const l = label(item);
    const prev = out.at(-1);
    if (prev && prev.label === l && prev.to.getTime() === item.from.getTime()) prev.to = item.to;
    else out.push({ ...item, label: l });
  }
  return out;
}

function stamp(d: Date, tz: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-12-21 09:00–2026-12-24 09:00 (72 h)` in `tz`. */
export function datedText(from: Date, to: Date, tz: string): string {
  const hours = Math.round(((to.getTime() - from.getTime()) / 3_600_000) * 10) / 10;
  return `${stamp(from, tz)}–${stamp(to, tz)} (${hours} h)`;
}

/** The `YYYY-MM` of an instant in `tz`. */
export function monthOf(d: Date, tz: string): string {
  return stamp(d, tz).slice(0, 7);
}
