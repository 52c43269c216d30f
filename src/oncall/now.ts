// Who answers for a team at one instant, until when, and who comes next.
import type { Org, Team } from '../model.ts';
import { timeline, type Holder, type Segment } from './timeline.ts';

/** How far ahead `until` and `next` are looked for. */
export const HORIZON_DAYS = 56;

export interface OnCallNow {
  team: Team;
  /** The stretch holding the instant. */
  current: Segment;
  /**
   * Who answers after the current stretch: the first later stretch in which someone else
   * answers, or anyone at all once nobody has for a while (a desk that closes for the night
   * answers again in the morning; a rota's night gap ends with the same person).
   */
  next?: Answering;
}

type Answering = Segment & { holder: Holder };

const who = (s: Segment) => (s.holder ? JSON.stringify(s.holder.kind === 'team' ? s.holder : s.holder.id) : '');
const answering = (s: Segment): s is Answering => s.state === 'on' && s.holder !== undefined;

function ahead(org: Pick<Org, 'people'>, team: Team, at: Date): Segment[] {
  return timeline(org, team, at, new Date(at.getTime() + HORIZON_DAYS * 86_400_000));
}

export function onCallNow(org: Pick<Org, 'people'>, team: Team, at: Date): OnCallNow {
  const segments = ahead(org, team, at);
  const current = segments[0];
  let pause = current.state !== 'on';
  for (const s of segments.slice(1)) {
    if (!answering(s)) pause = true;
    else if (pause || who(s) !== who(current)) return { team, current, next: s };
  }
  return { team, current };
}

/** The next handoff after `at`: the first later stretch in which someone other than the person (or team) answering now holds the pager. */
export function nextHandoff(org: Pick<Org, 'people'>, team: Team, at: Date): Answering | undefined {
  const segments = ahead(org, team, at);
  const now = segments.find(answering);
  return now && segments.find((s): s is Answering => answering(s) && s.from >= now.from && who(s) !== who(now));
}
