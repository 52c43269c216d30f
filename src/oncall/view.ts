// What `opsbook oncall --json` (and the site) show of who answers for a team: plain data.
import type { Org, Person, Team, Tier } from '../model.ts';
import { HORIZON_DAYS, onCallNow } from './now.ts';
import type { Holder, Segment } from './timeline.ts';

export interface PersonView {
  kind: 'person';
  id: string;
  name: string;
  phone?: string;
  email?: string;
  pager?: string;
  /** Whether the rotation or an override puts them on call. */
  via: 'rotation' | 'override';
}

/** A team without a rotation: the whole team answers, on the team's own numbers. */
export interface TeamView {
  kind: 'team';
  id: string;
  name: string;
  phone?: string;
  email?: string;
  members: { id: string; name: string; phone?: string }[];
}

export type HolderView = PersonView | TeamView;

export interface OnCallEntry {
  team: string;
  name: string;
  tier: Tier;
  rotation: boolean;
  /** Who answers now; null where nobody does. */
  onCall: HolderView | null;
  /** Why nobody answers: outside the coverage windows, or a gap's cause. */
  reason?: string;
  /** When the current stretch ends (ISO 8601 UTC); null when it lasts beyond the look-ahead. */
  until: string | null;
  /** Who answers next, from when; null when nobody within the look-ahead. */
  next: (HolderView & { from: string }) | null;
}

function contactOf(p: Person): Pick<PersonView, 'phone' | 'email' | 'pager'> {
  const { phone, email, pager } = p.contact;
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(pager ? { pager } : {}) };
}

export function holderView(org: Pick<Org, 'people'>, team: Team, holder: Holder): HolderView {
  if (holder.kind === 'team') {
    const members = holder.members.map((id) => org.people.find((p) => p.id === id)).filter((p): p is Person => p !== undefined);
    const { phone, email } = team.contact;
    return {
      kind: 'team',
      id: team.id,
      name: team.name,
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
      members: members.map((p) => ({ id: p.id, name: p.name, ...(p.contact.phone ? { phone: p.contact.phone } : {}) })),
    };
  }
  const person = org.people.find((p) => p.id === holder.id);
  return { kind: 'person', id: holder.id, name: person?.name ?? holder.id, ...(person ? contactOf(person) : {}), via: holder.via };
}

function reason(s: Segment): string | undefined {
  if (s.state === 'off') return 'outside the coverage windows';
  return s.cause;
}

export function onCallEntry(org: Pick<Org, 'people'>, team: Team, at: Date): OnCallEntry {
  const now = onCallNow(org, team, at);
  const why = now.current.state === 'on' ? undefined : reason(now.current);
  return {
    team: team.id,
    name: team.name,
    tier: team.tier,
    rotation: team.rotation !== undefined,
    onCall: now.current.holder ? holderView(org, team, now.current.holder) : null,
    ...(why ? { reason: why } : {}),
    until: now.current.to.getTime() < at.getTime() + HORIZON_DAYS * 86_400_000 ? now.current.to.toISOString() : null,
    next: now.next ? { ...holderView(org, team, now.next.holder), from: now.next.from.toISOString() } : null,
  };
}
