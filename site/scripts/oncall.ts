// Who answers for a team at an instant, in the browser: the engine's on-call timeline
// (override, else the rotation's member, inside coverage) over the org data of the page.
import type { Contact, Org, Person, Team } from '../../src/model.ts';
import { onCallNow } from '../../src/oncall/now.ts';
import { telHref } from '../lib/format.ts';

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
  /** When nobody answers: when someone does again (within the engine's look-ahead). */
  back?: Date;
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
  const { current, next } = onCallNow(org(data), team, now);
  const person = (id: string) => ({ name: data.people[id]?.name ?? id, ...(data.people[id]?.contact.phone ? { phone: data.people[id].contact.phone } : {}) });
  if (current.state !== 'on' || !current.holder) {
    return {
      person: false,
      who: [],
      ...(current.state === 'gap' ? { cause: current.cause ?? 'nobody holds the pager' } : {}),
      ...(next ? { back: next.from } : {}),
    };
  }
  const holder = current.holder;
  return holder.kind === 'team' ? { person: false, who: holder.members.map(person) } : { person: true, who: [person(holder.id)] };
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

/** A name, as a `tel:` link when there is a phone number. */
export function callable(who: { name: string; phone?: string }): Node {
  if (!who.phone) return document.createTextNode(who.name);
  const a = link(telHref(who.phone), who.name);
  a.title = `Call ${who.name} on ${who.phone}`;
  return a;
}

/** A contact's number as a `tel:` link and address as a `mailto:` link, " · " between. */
export function contactNodes(contact: Contact): Node[] {
  const parts: Node[] = [];
  if (contact.phone) parts.push(link(telHref(contact.phone), contact.phone));
  if (contact.email) parts.push(link(`mailto:${contact.email}`, contact.email));
  return parts.flatMap((p, i) => (i ? [document.createTextNode(' · '), p] : [p]));
}
