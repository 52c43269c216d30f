// Front-matter references that must resolve in org.yaml.
import { tierRank, type Tier } from '../model.ts';
import type { RunbookRule } from './types.ts';

function examples(ids: string[]): string {
  const some = ids.slice(0, 3).map((id) => `\`${id}\``);
  return some.length > 0 ? ` (e.g. ${some.join(', ')})` : '';
}

function personRule(id: string, field: 'owner' | 'backup_owner', what: 'unknown' | 'inactive'): RunbookRule {
  const label = field === 'owner' ? 'owner' : 'backup owner';
  return {
    scope: 'runbook',
    id,
    severity: 'error',
    description: what === 'unknown' ? `The ${label} is not a person in org.yaml.` : `The ${label} is marked inactive in org.yaml.`,
    hint: what === 'unknown' ? `Use a person id from the org file's \`people\`.` : `Hand the runbook to an active person and update \`${field}\`.`,
    check({ raw, org, at }, report) {
      const value = raw[field];
      if (!org || typeof value !== 'string' || value === '') return;
      const person = org.people.find((p) => p.id === value);
      if (what === 'unknown' && !person) {
        const active = org.people.filter((p) => p.active).map((p) => p.id);
        report(at(`/${field}`), `Unknown ${label} \`${value}\`; expected a person id from ${org.path}${examples(active)}`);
      }
      if (what === 'inactive' && person && !person.active) {
        report(at(`/${field}`), `The ${label} \`${value}\` (${person.name}) is inactive in ${org.path}`);
      }
    },
  };
}

function escalationLevels(raw: Record<string, unknown>): { team: string; index: number }[] {
  const levels = Array.isArray(raw.escalation) ? raw.escalation : [];
  return levels.flatMap((level, index) =>
    level && typeof level === 'object' && typeof (level as { team?: unknown }).team === 'string' ? [{ team: (level as { team: string }).team, index }] : [],
  );
}

export const referenceRules: RunbookRule[] = [
  personRule('owner-unknown', 'owner', 'unknown'),
  personRule('owner-inactive', 'owner', 'inactive'),
  personRule('backup-owner-unknown', 'backup_owner', 'unknown'),
  personRule('backup-owner-inactive', 'backup_owner', 'inactive'),
  {
    scope: 'runbook',
    id: 'backup-owner-same',
    severity: 'error',
    description: 'The backup owner is the owner.',
    hint: 'Name a different, active person as `backup_owner`.',
    check({ raw, at }, report) {
      if (typeof raw.owner === 'string' && raw.owner !== '' && raw.owner === raw.backup_owner) {
        report(at('/backup_owner'), `The backup owner \`${raw.backup_owner}\` is also the owner; expected a different person`);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'service-unknown',
    severity: 'error',
    description: 'The service is not a service in org.yaml.',
    hint: "Use a service id from the org file's `services`.",
    check({ raw, org, at }, report) {
      if (!org || typeof raw.service !== 'string' || raw.service === '') return;
      if (!org.services.some((s) => s.id === raw.service)) {
        report(at('/service'), `Unknown service \`${raw.service}\`; expected a service id from ${org.path}${examples(org.services.map((s) => s.id))}`);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'escalation-team-unknown',
    severity: 'error',
    description: 'An escalation level names a team that is not in org.yaml.',
    hint: "Use a team id from the org file's `teams`.",
    check({ raw, org, at }, report) {
      if (!org) return;
      for (const { team, index } of escalationLevels(raw)) {
        if (!org.teams.some((t) => t.id === team)) {
          report(
            at(`/escalation/${index}/team`),
            `Unknown escalation team \`${team}\`; expected a team id from ${org.path}${examples(org.teams.map((t) => t.id))}`,
          );
        }
      }
    },
  },
  {
    scope: 'runbook',
    id: 'escalation-team-repeated',
    severity: 'error',
    description: 'The escalation path names the same team twice.',
    hint: 'Each level escalates to a new team; remove the repeated level.',
    check({ raw, at }, report) {
      const seen = new Map<string, number>();
      for (const { team, index } of escalationLevels(raw)) {
        const first = seen.get(team);
        if (first !== undefined) report(at(`/escalation/${index}/team`), `Escalation level ${index + 1} repeats team \`${team}\` of level ${first + 1}`);
        else seen.set(team, index);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'escalation-tier-down',
    severity: 'error',
    description: 'The escalation path goes down in support tier.',
    hint: 'Order levels from the lowest tier to the highest (I, then II, then III).',
    check({ raw, org, at }, report) {
      if (!org) return;
      let previous: { tier: Tier; team: string } | undefined;
      for (const { team, index } of escalationLevels(raw)) {
        const found = org.teams.find((t) => t.id === team);
        if (!found) continue;
        if (previous && tierRank(found.tier) < tierRank(previous.tier)) {
          report(
            at(`/escalation/${index}/team`),
            `Escalation goes down from tier ${previous.tier} (\`${previous.team}\`) to tier ${found.tier} (\`${team}\`) at level ${index + 1}`,
          );
        }
        previous = { tier: found.tier, team };
      }
    },
  },
];
