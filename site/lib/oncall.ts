// Each team's on-call timeline around the 12 weeks after the build, computed once per build
// for every page that lists shifts. A stretch that began before the build, or runs past the
// 12 weeks, is kept whole: the range looks 4 weeks further either way (the longest shift).
import type { SiteOrg } from '../../src/site/data.ts';
import { timeline, type Segment } from '../../src/oncall/timeline.ts';

export const SHIFT_WEEKS = 12;
const DAY = 86_400_000;

interface Timelines {
  org: SiteOrg;
  /** The build's instant, and 12 weeks after it. */
  from: Date;
  to: Date;
  timelines: Map<string, Segment[]>;
}

let cached: Timelines | undefined;

export function buildTimelines(org: SiteOrg): Timelines {
  if (cached?.org !== org) {
    const from = new Date();
    const to = new Date(from.getTime() + SHIFT_WEEKS * 7 * DAY);
    const range = [new Date(from.getTime() - 28 * DAY), new Date(to.getTime() + 28 * DAY)] as const;
    cached = { org, from, to, timelines: new Map(org.teams.map((t) => [t.id, timeline(org, t, ...range)])) };
  }
  return cached;
}
