// Who answers for a team at one instant, until when, and who comes next.
import type { Org, Team } from '../model.ts';
import { timeline, type Holder, type Segment } from './timeline.ts';

/** How far ahead `until` and `next` are looked for. */
export const HORIZON_DAYS = 56;

export interface OnCallNow {
  team: Team;
  /** The stretch holding the instant. */
  current: Segment;
  /** The first later stretch in which someone else (or someone at all) answers. */
  next?: Segment & { holder: Holder };
}

const who = (s: Segment) => (s.holder ? JSON.stringify(s.holder.kind === 'team' ? s.holder : s.holder.id) : '');

export function onCallNow(org: Pick<Org, 'people'>, team: Team, at: Date): OnCallNow {
  const segments = timeline(org, team, at, new Date(at.getTime() + HORIZON_DAYS * 86_400_000));
  const current = segments[0];
  const next = segments
    .slice(1)
    .find((s): s is Segment & { holder: Holder } => s.state === 'on' && s.holder !== undefined && (current.state !== 'on' || who(s) !== who(current)));
  return { team, current, ...(next ? { next } : {}) };
}
