// Who is running: `--operator`, else the OS user mapped through `usernames` in org.yaml.
// The tier guard built on it is a guard rail and an audit record, not a security boundary:
// real privilege stays with the operating system (ssh keys, sudo).
import { userInfo } from 'node:os';
import { tierRank, TIERS, type Org, type Person, type Tier } from '../model.ts';

export interface Operator {
  person: Person;
  /** The highest tier of the person's teams (undefined: in no team). */
  tier?: Tier;
  /** OS user name. */
  user: string;
}

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function operatorTier(org: Org, personId: string): Tier | undefined {
  const ranks = org.teams.filter((t) => t.members.includes(personId)).map((t) => tierRank(t.tier));
  return ranks.length ? TIERS[Math.max(...ranks) - 1] : undefined;
}

export type OperatorResult = { ok: true; operator: Operator } | { ok: false; message: string; hint: string };

export function findOperator(org: Org, requested: string | undefined, user = osUser()): OperatorResult {
  const person = requested !== undefined ? org.people.find((p) => p.id === requested) : org.people.find((p) => p.usernames?.includes(user));
  if (!person) {
    return requested !== undefined
      ? { ok: false, message: `\`${requested}\` is not a person in org.yaml`, hint: 'Pass --operator with a person id from org.yaml.' }
      : {
          ok: false,
          message: `OS user \`${user}\` is not mapped to a person in org.yaml`,
          hint: "Pass --operator <person-id>, or add the user name to that person's `usernames` in org.yaml.",
        };
  }
  if (!person.active) return { ok: false, message: `\`${person.id}\` is marked inactive in org.yaml`, hint: 'Run as an active person (--operator).' };
  const tier = operatorTier(org, person.id);
  return { ok: true, operator: { person, ...(tier ? { tier } : {}), user } };
}

/** The tier a run needs: the runbook's, raised by any selected step's own tier. */
export function requiredTier(runbookTier: Tier, stepTiers: (Tier | undefined)[]): Tier {
  const rank = Math.max(tierRank(runbookTier), ...stepTiers.map((t) => (t ? tierRank(t) : 0)));
  return TIERS[rank - 1];
}

export type TierCheck = { ok: true; needed: Tier; override: boolean } | { ok: false; needed: Tier; message: string };

/**
 * The tier guard: may `operator` run `steps` of a runbook of `runbookTier`? Below the tier,
 * only with `override` (--override-tier, whose reason the log records).
 */
export function checkTier(operator: Operator, runbookTier: Tier, stepTiers: (Tier | undefined)[], override: boolean): TierCheck {
  const needed = requiredTier(runbookTier, stepTiers);
  if (operator.tier && tierRank(operator.tier) >= tierRank(needed)) return { ok: true, needed, override: false };
  if (override) return { ok: true, needed, override: true };
  const { person } = operator;
  return {
    ok: false,
    needed,
    message: `${person.name} (${person.id}) is ${operator.tier ? `Tier ${operator.tier}` : 'in no team'}; this run needs Tier ${needed}.`,
  };
}
