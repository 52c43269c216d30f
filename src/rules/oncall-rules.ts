// The on-call parts of the organisation file: rotations, overrides and absences name real,
// active people, at real dates, times and zones, and overrides do not fight over a stretch.
import { DAYS, type Org, type Span } from '../model.ts';
import { parseDate } from '../parse/duration.ts';
import { localInstant } from '../oncall/periods.ts';
import { rotationDays } from '../oncall/rotation.ts';
import { isTimeZone } from './org-rules.ts';
import type { OrgRule, Report } from './types.ts';

const HANDOFF_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** Each person reference of the on-call sections: rotation members and override persons. */
function references(org: Org): { id: string; pointer: string; where: string }[] {
  return org.teams.flatMap((team, t) => [
    ...(team.rotation?.members ?? []).map((id, m) => ({ id, pointer: `/teams/${t}/rotation/members/${m}`, where: `the rotation of team \`${team.id}\`` })),
    ...(team.overrides ?? []).map((o, i) => ({
      id: o.person,
      pointer: `/teams/${t}/overrides/${i}/person`,
      where: `override ${i + 1} of team \`${team.id}\``,
    })),
  ]);
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const validLocal = (text: string) => LOCAL.test(text) && parseDate(text.slice(0, 10)) !== undefined && HANDOFF_TIME.test(text.slice(11));
/** Written in the form the schema asks for (which reports any other form itself). */
const dateShaped = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

function at(org: Org, pointer: string): Span | undefined {
  return org.positions.get(pointer);
}

function checkPeriods(org: Org, report: Report): void {
  org.people.forEach((person, p) => {
    (person.away ?? []).forEach((a, i) => {
      const base = `/people/${p}/away/${i}`;
      for (const key of ['from', 'to'] as const)
        if (dateShaped(a[key]) && !parseDate(a[key]))
          report(at(org, `${base}/${key}`), `Absence date \`${a[key]}\` of \`${person.id}\` is not a calendar date; expected YYYY-MM-DD`);
      if (parseDate(a.from) && parseDate(a.to) && a.to < a.from)
        report(at(org, `${base}/to`), `Absence of \`${person.id}\` ends on ${a.to}, before it starts on ${a.from}; \`to\` is the last day away`);
    });
  });
  org.teams.forEach((team, t) => {
    (team.overrides ?? []).forEach((o, i) => {
      const base = `/teams/${t}/overrides/${i}`;
      for (const key of ['from', 'to'] as const)
        if (LOCAL.test(o[key]) && !validLocal(o[key]))
          report(at(org, `${base}/${key}`), `Override time \`${o[key]}\` of team \`${team.id}\` is not a date and time; expected YYYY-MM-DDTHH:MM`);
      if (validLocal(o.from) && validLocal(o.to) && isTimeZone(o.tz) && localInstant(o.to, o.tz) <= localInstant(o.from, o.tz))
        report(at(org, `${base}/to`), `Override ${i + 1} of team \`${team.id}\` ends at ${o.to}, not after it starts at ${o.from}`);
    });
  });
}

export const oncallRules: OrgRule[] = [
  {
    scope: 'org',
    id: 'oncall-person-unknown',
    severity: 'error',
    description: 'A rotation member or an override names a person who is not in the org file.',
    hint: 'Use a person id from `people`, or add the person there.',
    check(org, report) {
      const people = new Set(org.people.map((p) => p.id));
      for (const r of references(org))
        if (!people.has(r.id)) report(at(org, r.pointer), `Unknown person \`${r.id}\` in ${r.where}; expected a person id from \`people\``);
    },
  },
  {
    scope: 'org',
    id: 'oncall-person-inactive',
    severity: 'error',
    description: 'A rotation member or an override names a person marked inactive: their stretch would reach nobody.',
    hint: 'Take people who have left out of rotations and overrides.',
    check(org, report) {
      const inactive = new Set(org.people.filter((p) => !p.active).map((p) => p.id));
      for (const r of references(org))
        if (inactive.has(r.id)) report(at(org, r.pointer), `Inactive person \`${r.id}\` in ${r.where}: nobody would answer their stretch`);
    },
  },
  {
    scope: 'org',
    id: 'rotation-member-not-in-team',
    severity: 'error',
    description: "A rotation member is not one of the team's members.",
    hint: "Add the person to the team's `members`, or use an override for someone from another team.",
    check(org, report) {
      org.teams.forEach((team, t) => {
        (team.rotation?.members ?? []).forEach((id, m) => {
          if (!team.members.includes(id))
            report(
              at(org, `/teams/${t}/rotation/members/${m}`),
              `Rotation member \`${id}\` is not a member of team \`${team.id}\` (${team.members.map((x) => `\`${x}\``).join(', ') || 'none'})`,
            );
        });
      });
    },
  },
  {
    scope: 'org',
    id: 'rotation-length-invalid',
    severity: 'error',
    description: "A rotation's shift length is not a whole number of days or weeks from `1d` to `4w`.",
    hint: 'Write the length as days or weeks, from `1d` to `4w` (`28d`), such as `1w`.',
    check(org, report) {
      org.teams.forEach((team, t) => {
        if (team.rotation && rotationDays(team.rotation.length) === undefined)
          report(at(org, `/teams/${t}/rotation/length`), `Rotation length \`${team.rotation.length}\` of team \`${team.id}\` is not from \`1d\` to \`4w\``);
      });
    },
  },
  {
    scope: 'org',
    id: 'rotation-handoff-invalid',
    severity: 'error',
    description: "A rotation's handoff time is not HH:MM, its start is not a date, or its start is not on the handoff day.",
    hint: 'Give `handoff.time` as HH:MM, `start` as the YYYY-MM-DD of a handoff, and `handoff.day` only for lengths in whole weeks, on the weekday of `start`.',
    check(org, report) {
      org.teams.forEach((team, t) => {
        const rot = team.rotation;
        if (!rot) return;
        const base = `/teams/${t}/rotation`;
        if (!HANDOFF_TIME.test(rot.handoff.time))
          report(
            at(org, `${base}/handoff/time`),
            `Handoff time \`${rot.handoff.time}\` of team \`${team.id}\` is not a time; expected HH:MM between 00:00 and 23:59`,
          );
        const start = parseDate(rot.start);
        if (!start && dateShaped(rot.start))
          report(at(org, `${base}/start`), `Rotation start \`${rot.start}\` of team \`${team.id}\` is not a calendar date; expected YYYY-MM-DD`);
        const days = rotationDays(rot.length);
        if (rot.handoff.day === undefined || !(DAYS as readonly string[]).includes(rot.handoff.day)) return;
        if (days !== undefined && days % 7 !== 0)
          report(
            at(org, `${base}/handoff/day`),
            `Team \`${team.id}\` hands over every ${rot.length}, so not always on a \`${rot.handoff.day}\`; drop \`handoff.day\` or use a length in weeks`,
          );
        else if (start) {
          const weekday = DAYS[(start.getUTCDay() + 6) % 7];
          if (weekday !== rot.handoff.day)
            report(
              at(org, `${base}/start`),
              `Rotation start ${rot.start} of team \`${team.id}\` is a \`${weekday}\`, not a handoff day (\`${rot.handoff.day}\`)`,
            );
        }
      });
    },
  },
  {
    scope: 'org',
    id: 'oncall-timezone-invalid',
    severity: 'error',
    description: 'A person, a handoff or an override names a time zone that does not exist.',
    hint: 'Use an IANA time zone such as `Europe/Berlin` or `America/New_York`.',
    check(org, report) {
      org.people.forEach((p, i) => {
        if (p.tz !== undefined && !isTimeZone(p.tz))
          report(at(org, `/people/${i}/tz`), `Unknown time zone \`${p.tz}\` of person \`${p.id}\`; expected an IANA zone such as \`Europe/Berlin\``);
      });
      org.teams.forEach((team, t) => {
        if (team.rotation && !isTimeZone(team.rotation.handoff.tz))
          report(
            at(org, `/teams/${t}/rotation/handoff/tz`),
            `Unknown time zone \`${team.rotation.handoff.tz}\` in the handoff of team \`${team.id}\`; expected an IANA zone such as \`Europe/Berlin\``,
          );
        (team.overrides ?? []).forEach((o, i) => {
          if (!isTimeZone(o.tz))
            report(
              at(org, `/teams/${t}/overrides/${i}/tz`),
              `Unknown time zone \`${o.tz}\` in override ${i + 1} of team \`${team.id}\`; expected an IANA zone such as \`Europe/Berlin\``,
            );
        });
      });
    },
  },
  {
    scope: 'org',
    id: 'oncall-period-invalid',
    severity: 'error',
    description: 'An absence or an override has a date or time that does not exist, or ends before it starts.',
    hint: 'Absences are whole days `from` and `to` (both included); overrides run from `from` to a later `to` (YYYY-MM-DDTHH:MM).',
    check: checkPeriods,
  },
  {
    scope: 'org',
    id: 'override-overlap',
    severity: 'error',
    description: 'Two overrides of one team cover the same time: who holds the pager is ambiguous.',
    hint: 'Shorten one override so that it ends when the other starts, or remove one.',
    check(org, report) {
      org.teams.forEach((team, t) => {
        const periods = (team.overrides ?? [])
          .map((o, i) => ({ i, o, ok: validLocal(o.from) && validLocal(o.to) && isTimeZone(o.tz) }))
          .filter((x) => x.ok)
          .map((x) => ({ ...x, from: localInstant(x.o.from, x.o.tz), to: localInstant(x.o.to, x.o.tz) }))
          // One that ends before it starts covers nothing (oncall-period-invalid reports it).
          .filter((x) => x.from < x.to);
        for (const b of periods) {
          const a = periods.find((p) => p.i < b.i && p.from < b.to && b.from < p.to);
          if (a)
            report(
              at(org, `/teams/${t}/overrides/${b.i}/from`),
              `Override ${b.i + 1} of team \`${team.id}\` (${b.o.person}, ${b.o.from}–${b.o.to}) overlaps override ${a.i + 1} (${a.o.person}, ${a.o.from}–${a.o.to})`,
            );
        }
      });
    },
  },
];
