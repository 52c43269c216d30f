// The text of a new runbook, filled from the org file so that it passes `check` as written.
import { tierRank, type Org, type Tier } from '../model.ts';

export interface ScaffoldInput {
  org: Org;
  service: string;
  slug: string;
  title: string;
  today: string;
}

export type ScaffoldResult = { ok: true; text: string } | { ok: false; message: string };

export function scaffoldRunbook({ org, service, slug, title, today }: ScaffoldInput): ScaffoldResult {
  const svc = org.services.find((s) => s.id === service);
  if (!svc) return { ok: false, message: `Unknown service \`${service}\`; expected one of ${org.services.map((s) => `\`${s.id}\``).join(', ')}` };
  const team = org.teams.find((t) => t.id === svc.team);
  const active = new Set(org.people.filter((p) => p.active).map((p) => p.id));
  const members = (team?.members ?? []).filter((m) => active.has(m));
  const others = org.people.filter((p) => p.active && !members.includes(p.id)).map((p) => p.id);
  const [owner, backup] = [...members, ...others];
  if (!owner || !backup) return { ok: false, message: `The org file needs two active people to name an owner and a backup owner` };
  const tier: Tier = team?.tier ?? 'II';
  const higher = org.teams.filter((t) => t.id !== team?.id && tierRank(t.tier) > tierRank(tier)).sort((a, b) => tierRank(a.tier) - tierRank(b.tier))[0];
  const escalation = [team ? `  - { team: ${team.id} }` : '', higher ? `  - { team: ${higher.id}, after: 30m }` : ''].filter(Boolean);
  if (escalation.length === 0) return { ok: false, message: `Service \`${service}\` has no team in the org file to escalate to` };
  const text = `---
# yaml-language-server: $schema=../../schemas/runbook.schema.json
id: ${slug}
title: ${JSON.stringify(title)}
summary: ${JSON.stringify(`When to use this runbook and what it achieves (${svc.name}).`)}
service: ${service}
category: reliability
tier: ${tier}
owner: ${owner}
backup_owner: ${backup}
escalation:
${escalation.join('\n')}
review: { last_reviewed: ${today}, interval: 90d }
parameters:
  - { name: HOST, description: Host to act on, default: localhost, pattern: '^[A-Za-z0-9.-]+$' }
tags: [${service}]
---

Say here when to use this runbook, what "good" looks like, and the thresholds that
decide when to escalate.

<Step id="check-host" title="Check that the host answers">
Why this step is there and what its output should look like.

\`\`\`sh
getent hosts "$HOST"
\`\`\`

<Verify>
\`\`\`sh
getent hosts "$HOST" >/dev/null
\`\`\`
</Verify>
</Step>

<Step id="tell-noc" title="Tell the NOC the work is done" />
`;
  return { ok: true, text };
}
