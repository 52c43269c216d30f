// The organisation file (org.yaml) to the model, with positions for its rules.
import type { Contact, CoverageWindow, Day, Org, Person, Service, Team, Tier } from '../model.ts';
import { validateAgainst } from '../schema/validate.ts';
import { message, type Message } from './message.ts';
import { decodeSource } from './source.ts';
import { list, record, str } from './values.ts';
import { parseYaml } from './yaml.ts';


function contact(v: unknown): Contact {
  const r = record(v);
  const c: Contact = {};
  for (const key of ['email', 'phone', 'chat', 'pager'] as const) if (typeof r[key] === 'string') c[key] = r[key] as string;
  return c;
}

export interface ParsedOrg {
  org: Org | undefined;
  /** What the parsers found wrong; the org rules' verdicts come later. */
  messages: Message[];
}

export function parseOrg(path: string, bytes: Uint8Array): ParsedOrg {
  const source = decodeSource(bytes);
  if (!source.ok) return { org: undefined, messages: [source.message] };
  const parsed = parseYaml(source.text.replace(/^\uFEFF/, ''), 1);
  if (!parsed.ok) {
    const id = parsed.kind === 'duplicate-key' ? 'yaml-duplicate-key' : parsed.kind === 'too-complex' ? 'yaml-too-complex' : 'yaml-syntax';
    return { org: undefined, messages: [message(id, parsed.span, `The org file is not valid YAML: ${parsed.message}`)] };
  }
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return { org: undefined, messages: [message('frontmatter-not-mapping', { line: 1, column: 1 }, 'The org file is not a mapping; expected `people:`, `teams:` and `services:`')] };
  }
  const raw = parsed.value as Record<string, unknown>;
  const messages = validateAgainst('org', raw, parsed.positions);
  const people: Person[] = list(raw.people).map((p) => {
    const r = record(p);
    const person: Person = { id: str(r.id), name: str(r.name), contact: contact(r.contact), active: r.active !== false };
    if (Array.isArray(r.usernames)) person.usernames = r.usernames.filter((u): u is string => typeof u === 'string');
    return person;
  });
  const teams: Team[] = list(raw.teams).map((t) => {
    const r = record(t);
    return {
      id: str(r.id),
      name: str(r.name),
      tier: (['I', 'II', 'III'].includes(str(r.tier)) ? r.tier : 'III') as Tier,
      members: list(r.members).filter((m): m is string => typeof m === 'string'),
      contact: contact(r.contact),
      coverage: list(r.coverage).map((w): CoverageWindow => {
        const win = record(w);
        return { days: list(win.days).filter((d): d is Day => typeof d === 'string') as Day[], from: str(win.from), to: str(win.to), tz: str(win.tz) };
      }),
    };
  });
  const services: Service[] = list(raw.services).map((s) => {
    const r = record(s);
    const service: Service = { id: str(r.id), name: str(r.name), team: str(r.team) };
    if (typeof r.description === 'string') service.description = r.description;
    return service;
  });
  return { org: { path, people, teams, services, positions: parsed.positions.values, raw }, messages };
}
