// Times as the reader reads them: in the browser's own time zone, 24-hour clock.
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function format(at: Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...options }).format(at);
}

/** `14:05 (Europe/Berlin)`. */
export function clockText(now: Date): string {
  return `${format(now, {})} (${zone()})`;
}

/** `09:00` later today, `Tue 09:00` within a week, `Tue 22 Dec 09:00` beyond. */
export function whenText(at: Date, now: Date): string {
  const day = (d: Date) => format(d, { year: 'numeric', month: '2-digit', day: '2-digit', hour: undefined, minute: undefined });
  if (day(at) === day(now)) return format(at, {});
  if (at.getTime() - now.getTime() < 6 * 86_400_000) return format(at, { weekday: 'short' });
  return format(at, { weekday: 'short', day: 'numeric', month: 'short' });
}

/** `in 25 min`, `in 6 h 30 min`, `in 3 days`. */
export function inText(at: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  if (minutes < 48 * 60) return `in ${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `in ${Math.round(minutes / 1440)} days`;
}
