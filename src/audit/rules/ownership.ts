// Ownership: every runbook owned and backed up by distinct, active people, no one person
// carrying too much, and nobody who has left still listed in a team. The ids and severities
// are those of the `check` rules with the same meaning.
import type { AuditRule } from '../types.ts';

export const ownershipRules: AuditRule[] = [
  {
    id: 'owner-unknown',
    severity: 'error',
    description: 'The owner is missing or not a person in org.yaml.',
    check(ctx, report) {
      for (const r of ctx.runbooks) {
        if (!r.meta.owner) report(r.meta.id, 'The runbook names no owner', r);
        else if (!ctx.person(r.meta.owner)) report(r.meta.id, `Owner \`${r.meta.owner}\` is not in org.yaml`, r);
      }
    },
  },
  {
    id: 'owner-inactive',
    severity: 'error',
    description: 'The owner is marked inactive in org.yaml.',
    check(ctx, report) {
      for (const r of ctx.runbooks)
        if (ctx.person(r.meta.owner)?.active === false) report(r.meta.id, `Owner ${ctx.name(r.meta.owner)} is inactive: name an active owner`, r);
    },
  },
  {
    id: 'backup-owner-unknown',
    severity: 'error',
    description: 'The backup owner is missing or not a person in org.yaml.',
    check(ctx, report) {
      for (const r of ctx.runbooks) {
        if (!r.meta.backup_owner) report(r.meta.id, 'The runbook names no backup owner', r);
        else if (!ctx.person(r.meta.backup_owner)) report(r.meta.id, `Backup owner \`${r.meta.backup_owner}\` is not in org.yaml`, r);
      }
    },
  },
  {
    id: 'backup-owner-inactive',
    severity: 'error',
    description: 'The backup owner is marked inactive in org.yaml.',
    check(ctx, report) {
      for (const r of ctx.runbooks)
        if (ctx.person(r.meta.backup_owner)?.active === false)
          report(r.meta.id, `Backup owner ${ctx.name(r.meta.backup_owner)} is inactive: name an active backup`, r);
    },
  },
  {
    id: 'backup-owner-same',
    severity: 'error',
    description: 'The backup owner is the owner.',
    check(ctx, report) {
      for (const r of ctx.runbooks)
        if (r.meta.owner && r.meta.owner === r.meta.backup_owner) report(r.meta.id, 'The backup owner is the owner: nobody backs this process up', r);
    },
  },
  {
    id: 'backup-only-teammate',
    severity: 'warning',
    description: "With `policy.backup_not_only_teammate`: the backup owner is the only other active member of the owner's team.",
    check(ctx, report) {
      if (!ctx.options.backupNotOnlyTeammate) return;
      for (const r of ctx.runbooks) {
        const { owner, backup_owner: backup } = r.meta;
        if (owner === backup) continue;
        for (const team of (ctx.org?.teams ?? []).filter((t) => t.members.includes(owner))) {
          const others = team.members.filter((m) => m !== owner && ctx.person(m)?.active);
          if (others.length === 1 && others[0] === backup)
            report(
              r.meta.id,
              `Backup owner ${ctx.name(backup)} is the only other member of ${team.name}: name a backup from outside the pair, or grow the team`,
              r,
            );
        }
      }
    },
  },
  {
    id: 'bus-factor',
    severity: 'warning',
    description: 'A person owns or backs up more than `--bus-factor` of all runbooks (with 8 or more runbooks).',
    check(ctx, report) {
      const n = ctx.runbooks.length;
      if (n < 8) return;
      for (const p of (ctx.org?.people ?? []).filter((x) => x.active)) {
        const load = ctx.runbooks.filter((r) => r.meta.owner === p.id).length + ctx.runbooks.filter((r) => r.meta.backup_owner === p.id).length;
        const share = load / n;
        if (share > ctx.options.busFactorShare)
          report(
            p.id,
            `${p.name} owns or backs up ${load} of ${n} runbooks (${Math.round(share * 100)} %, above ${Math.round(ctx.options.busFactorShare * 100)} %)`,
          );
      }
    },
  },
  {
    id: 'team-member-inactive',
    severity: 'warning',
    description: 'A person marked inactive is still a member of a team.',
    check(ctx, report) {
      for (const p of (ctx.org?.people ?? []).filter((x) => !x.active)) {
        const teams = (ctx.org?.teams ?? []).filter((t) => t.members.includes(p.id)).map((t) => t.id);
        if (teams.length) report(p.id, `${p.name} is inactive but still a member of ${teams.join(', ')}`);
      }
    },
  },
];
