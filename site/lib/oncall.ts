// Each team's on-call timeline over the 12 weeks after the build, computed once per build
// for every page that lists shifts.
import type { Org } from '../../src/model.ts';
import { timeline, type Segment } from '../../src/oncall/timeline.ts';

export const SHIFT_WEEKS = 12;

let cached: { org: Org; from: Date; timelines: Map<string, Segment[]> } | undefined;

export function buildTimelines(org: Org): { from: Date; timelines: Map<string, Segment[]> } {
  if (cached?.org !== org) {
    const from = new Date();
    const to = new Date(from.getTime() + SHIFT_WEEKS * 7 * 86_400_000);
    cached = { org, from, timelines: new Map(org.teams.map((t) => [t.id, timeline(org, t, from, to)])) };
  }
  return cached;
}
