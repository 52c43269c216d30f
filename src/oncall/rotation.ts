// A rotation's shifts as instants: handoffs fall at the same wall-clock time of `handoff.tz`
// every `length` days from `start`, so a 09:00 handoff stays 09:00 across DST changes.
import type { Rotation } from '../model.ts';
import { addDays, daysBetween, localTime, zonedInstant } from '../coverage/clock.ts';
import { parseDate } from '../parse/duration.ts';
import { isTimeZone } from '../rules/org-rules.ts';

const LENGTH = /^([1-9][0-9]*)(d|w)$/;

/** A rotation length (`1d` to `4w`) in days, or undefined when it is not one. */
export function rotationDays(length: string): number | undefined {
  const match = LENGTH.exec(length);
  if (!match) return undefined;
  const days = Number(match[1]) * (match[2] === 'w' ? 7 : 1);
  return days >= 1 && days <= 28 ? days : undefined;
}

/** Whether the rotation can be reckoned at all (check reports what is wrong with one that cannot). */
export function usableRotation(rotation: Rotation): boolean {
  return (
    rotationDays(rotation.length) !== undefined &&
    rotation.members.length > 0 &&
    parseDate(rotation.start) !== undefined &&
    /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(rotation.handoff.time) &&
    isTimeZone(rotation.handoff.tz)
  );
}

export interface Shift {
  /** Index of the shift: 0 is the one that begins at `start`. */
  index: number;
  member: string;
  from: Date;
  to: Date;
}

function handoff(rotation: Rotation, days: number, index: number): Date {
  return zonedInstant(addDays(rotation.start, index * days), rotation.handoff.time, rotation.handoff.tz);
}

function shift(rotation: Rotation, days: number, index: number): Shift {
  const n = rotation.members.length;
  return { index, member: rotation.members[((index % n) + n) % n], from: handoff(rotation, days, index), to: handoff(rotation, days, index + 1) };
}

/** The shift holding `instant`, or undefined before the first shift (or for a broken rotation). */
export function shiftAt(rotation: Rotation, instant: Date): Shift | undefined {
  const days = rotationDays(rotation.length);
  if (days === undefined || !usableRotation(rotation)) return undefined;
  let index = Math.floor(daysBetween(rotation.start, localTime(instant, rotation.handoff.tz).date) / days);
  while (index > 0 && handoff(rotation, days, index) > instant) index--;
  while (handoff(rotation, days, index + 1) <= instant) index++;
  const found = shift(rotation, days, index);
  return found.from <= instant ? found : undefined;
}

/** Every handoff instant in [from, to). */
export function handoffs(rotation: Rotation, from: Date, to: Date): Date[] {
  const days = rotationDays(rotation.length);
  if (days === undefined || !usableRotation(rotation)) return [];
  const out: Date[] = [];
  let index = Math.max(0, Math.floor(daysBetween(rotation.start, localTime(from, rotation.handoff.tz).date) / days) - 1);
  for (let at = handoff(rotation, days, index); at < to; at = handoff(rotation, days, ++index)) if (at >= from) out.push(at);
  return out;
}
