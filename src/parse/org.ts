// The organisation file (org.yaml) to the model, with positions for its rules.
import type { Absence, Contact, CoverageWindow, Day, Org, Override, Person, Rotation, Service, Team, Tier } from '../model.ts';
import { validateAgainst } from '../schema/validate.ts';
import { message, type Message } from './message.ts';
import { decodeSource } from './source.ts';
import { list, record, str } from './values.ts';
import { parseYaml } from './yaml.ts';

function contact(v: unknown): Contact {
  const r = record(v);
  const c: Contact = {};
  for (const key of ['email', 'phone', 'chat', 'pager'] as const) if (typeof r[key] === 'string') c[key] = r[key];
  return c;
}

function rotation(v: unknown): Rotation | undefined {
  if (v === undefined) return undefined;
  const r = record(v);
  const handoff = record(r.handoff);
  const rot: Rotation = {
    members: list(r.members).filter((m): m is string => typeof m === 'string'),
    length: str(r.length),
    handoff: { time: str(handoff.time), tz: str(handoff.tz) },
    start: str(r.start),
  };
  if (typeof handoff.day === 'string') rot.handoff.day = handoff.day as Day;
  return rot;
}

const override = (v: unknown): Override => {
  const r = record(v);
  return { person: str(r.person), from: str(r.from), to: str(r.to), tz: str(r.tz) };
};

const absence = (v: unknown): Absence => ({ from: str(record(v).from), to: str(record(v).to) });

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
    return {
      org: undefined,
      messages: [message('frontmatter-not-mapping', { line: 1, column: 1 }, 'The org file is not a mapping; expected `people:`, `teams:` and `services:`')],
    };
  }
  const raw = parsed.value as Record<string, unknown>;
  const messages = validateAgainst('org', raw, parsed.positions);
  const people: Person[] = list(raw.people).map((p) => {
    const r = record(p);
    const person: Person = { id: str(r.id), name: str(r.name), contact: contact(r.contact), active: r.active !== false };
    if (Array.isArray(r.usernames)) person.usernames = r.usernames.filter((u): u is string => typeof u === 'string');
    person.tz = typeof r.tz === 'string' ? r.tz : 'UTC';
    person.away = list(r.away).map(absence);
    person.signing_keys = list(r.signing_keys).filter((k): k is string => typeof k === 'string');
    return person;
  });
  const teams: Team[] = list(raw.teams).map((t) => {
    const r = record(t);
    const team: Team = {
      id: str(r.id),
      name: str(r.name),
      tier: (['I', 'II', 'III'].includes(str(r.tier)) ? r.tier : 'III') as Tier,
      members: list(r.members).filter((m): m is string => typeof m === 'string'),
      contact: contact(r.contact),
      coverage: list(r.coverage).map((w): CoverageWindow => {
        const win = record(w);
        return { days: list(win.days).filter((d): d is Day => typeof d === 'string'), from: str(win.from), to: str(win.to), tz: str(win.tz) };
      }),
      overrides: list(r.overrides).map(override),
    };
    const rot = rotation(r.rotation);
    if (rot) team.rotation = rot;
    return team;
  });
  const services: Service[] = list(raw.services).map((s) => {
    const r = record(s);
    const service: Service = { id: str(r.id), name: str(r.name), team: str(r.team) };
    if (typeof r.description === 'string') service.description = r.description;
    return service;
  });
  return { org: { path, people, teams, services, positions: parsed.positions.values, raw }, messages };
}
