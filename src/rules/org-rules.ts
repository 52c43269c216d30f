// The organisation file: ids unique, references resolved, times and zones real.
import type { OrgRule } from './types.ts';

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}

export const orgRules: OrgRule[] = [
  {
    scope: 'org',
    id: 'org-duplicate-id',
    severity: 'error',
    description: 'Two people, two teams or two services have the same id.',
    hint: 'Ids are unique within people, teams and services; rename one.',
    check(org, report) {
      for (const [list, items] of [
        ['people', org.people],
        ['teams', org.teams],
        ['services', org.services],
      ] as const) {
        const seen = new Map<string, number>();
        items.forEach((item, index) => {
          const first = seen.get(item.id);
          if (first !== undefined)
            report(org.positions.get(`/${list}/${index}/id`), `Id \`${item.id}\` is used twice in \`${list}\` (entries ${first + 1} and ${index + 1})`);
          else seen.set(item.id, index);
        });
      }
    },
  },
  {
    scope: 'org',
    id: 'team-member-unknown',
    severity: 'error',
    description: 'A team member is not a person in the org file.',
    hint: "Add the person to `people`, or fix the id in the team's `members`.",
    check(org, report) {
      const people = new Set(org.people.map((p) => p.id));
      org.teams.forEach((team, t) => {
        team.members.forEach((member, m) => {
          if (!people.has(member))
            report(
              org.positions.get(`/teams/${t}/members/${m}`),
              `Team \`${team.id}\` lists unknown member \`${member}\`; expected a person id from \`people\``,
            );
        });
      });
    },
  },
  {
    scope: 'org',
    id: 'team-member-inactive',
    severity: 'warning',
    description: 'A team lists a member who is inactive.',
    hint: 'Remove people who have left from their teams.',
    check(org, report) {
      const inactive = new Set(org.people.filter((p) => !p.active).map((p) => p.id));
      org.teams.forEach((team, t) => {
        team.members.forEach((member, m) => {
          if (inactive.has(member)) report(org.positions.get(`/teams/${t}/members/${m}`), `Team \`${team.id}\` still lists inactive member \`${member}\``);
        });
      });
    },
  },
  {
    scope: 'org',
    id: 'service-team-unknown',
    severity: 'error',
    description: "A service's owning team is not a team in the org file.",
    hint: 'Use a team id from `teams`.',
    check(org, report) {
      const teams = new Set(org.teams.map((t) => t.id));
      org.services.forEach((service, index) => {
        if (!teams.has(service.team))
          report(
            org.positions.get(`/services/${index}/team`),
            `Service \`${service.id}\` names unknown team \`${service.team}\`; expected a team id from \`teams\``,
          );
      });
    },
  },
  {
    scope: 'org',
    id: 'coverage-time-invalid',
    severity: 'error',
    description: 'A coverage window has a time that is not HH:MM, or an empty window.',
    hint: 'Write times as 24-hour `HH:MM` (`24:00` for the end of the day), with `from` different from `to`.',
    check(org, report) {
      org.teams.forEach((team, t) => {
        team.coverage.forEach((window, w) => {
          for (const key of ['from', 'to'] as const) {
            if (!TIME.test(window[key]) || (key === 'from' && window.from === '24:00'))
              report(
                org.positions.get(`/teams/${t}/coverage/${w}/${key}`),
                `Coverage time \`${window[key]}\` of team \`${team.id}\` is not a time; expected HH:MM between 00:00 and ${key === 'to' ? '24:00' : '23:59'}`,
              );
          }
          if (window.from === window.to)
            report(
              org.positions.get(`/teams/${t}/coverage/${w}/to`),
              `Coverage window of team \`${team.id}\` starts and ends at ${window.from}; write \`from: "00:00"\`, \`to: "24:00"\` for a whole day`,
            );
        });
      });
    },
  },
  {
    scope: 'org',
    id: 'coverage-timezone-invalid',
    severity: 'error',
    description: 'A coverage window names a time zone that does not exist.',
    hint: 'Use an IANA time zone such as `Europe/Berlin` or `America/New_York`.',
    check(org, report) {
      org.teams.forEach((team, t) => {
        team.coverage.forEach((window, w) => {
          if (!isTimeZone(window.tz))
            report(
              org.positions.get(`/teams/${t}/coverage/${w}/tz`),
              `Unknown time zone \`${window.tz}\` in the coverage of team \`${team.id}\`; expected an IANA zone such as \`Europe/Berlin\``,
            );
        });
      });
    },
  },
];
