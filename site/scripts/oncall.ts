// Who answers for a team at an instant, in the browser: the engine's on-call timeline
// (override, else the rotation's member, inside coverage) over the org data of the page.
import type { Contact, Org, Person, Team } from '../../src/model.ts';
import { timeline } from '../../src/oncall/timeline.ts';

export interface DutyPerson {
  name: string;
  contact: Contact;
  active?: boolean;
  tz?: string;
  away?: Person['away'];
}

export interface DutyData {
  people: Record<string, DutyPerson>;
  teams: Team[];
}

export interface Answering {
  /** Whether one person holds the pager (a rotation or an override) rather than the whole team. */
  person: boolean;
  who: { name: string; phone?: string }[];
  /** Why nobody answers, when nobody does and the coverage says someone should. */
  cause?: string;
}

function org(data: DutyData): Org {
  const people = Object.entries(data.people).map(([id, p]): Person => ({
    id,
    name: p.name,
    contact: p.contact,
    active: p.active !== false,
    tz: p.tz ?? 'UTC',
    away: p.away ?? [],
  }));
  return { path: 'org.yaml', people, teams: data.teams, services: [], positions: new Map(), raw: {} };
}

export function answering(data: DutyData, team: Team, now: Date): Answering {
  const [segment] = timeline(org(data), team, now, new Date(now.getTime() + 60_000));
  const person = (id: string) => ({ name: data.people[id]?.name ?? id, ...(data.people[id]?.contact.phone ? { phone: data.people[id].contact.phone } : {}) });
  if (!segment || segment.state === 'off') return { person: false, who: [] };
  if (segment.state === 'gap') return { person: false, who: [], cause: segment.cause ?? 'nobody holds the pager' };
  const holder = segment.holder!;
  return holder.kind === 'team' ? { person: false, who: holder.members.map(person) } : { person: true, who: [person(holder.id)] };
}

/** A name, as a `tel:` link when there is a phone number. */
export function callable(who: { name: string; phone?: string }): Node {
  if (!who.phone) return document.createTextNode(who.name);
  const a = document.createElement('a');
  a.href = `tel:${who.phone.replace(/[^+0-9]/g, '')}`;
  a.textContent = who.name;
  a.title = `Call ${who.name} on ${who.phone}`;
  return a;
}
