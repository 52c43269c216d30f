// audit() on a fixture org whose gaps are known hour by hour.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, orgPolicy } from '../../src/audit/audit.ts';
import { loadCatalog } from '../../src/catalog.ts';

const ORG = `people:
  - { id: ann, name: Ann, contact: { email: ann@example.net } }
  - { id: bob, name: Bob, contact: { email: bob@example.net } }
  - { id: cy, name: Cy, contact: { email: cy@example.net } }
  - { id: gone, name: Gone, contact: { email: gone@example.net }, active: false }
teams:
  - id: desk
    name: Desk
    tier: I
    members: [ann, bob]
    contact: { email: desk@example.net }
    coverage:
      - { days: [mon, tue, wed, thu, fri], from: "08:00", to: "20:00", tz: UTC }
  - id: ops
    name: Ops
    tier: II
    members: [bob, gone]
    contact: { email: ops@example.net }
    coverage:
      - { days: [mon, tue, wed, thu, fri], from: "20:00", to: "02:00", tz: UTC }
  - id: eng
    name: Eng
    tier: III
    members: [cy]
    contact: { email: eng@example.net }
    coverage:
      - { days: [sat, sun], from: "00:00", to: "24:00", tz: UTC }
services:
  - { id: mail, name: Mail, team: ops }
policy:
  backup_not_only_teammate: true
  review_max_days: { I: 20 }
`;

function runbook(id: string, escalation: string, reviewed = '2026-11-01', category = 'reliability'): string {
  return `---\nid: ${id}\ntitle: ${id}\nsummary: A fixture.\nservice: mail\ncategory: ${category}\ntier: I\nowner: ann\nbackup_owner: bob\nescalation:\n${escalation}\nreview: { last_reviewed: ${reviewed}, interval: 30d }\nparameters: []\ntags: [x]\n---\n\n<Step id="a" title="A" />\n`;
}

describe('audit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-audit-'));
  mkdirSync(join(dir, 'runbooks', 'mail'), { recursive: true });
  writeFileSync(join(dir, 'runbooks', 'org.yaml'), ORG);
  writeFileSync(join(dir, 'runbooks', 'mail', 'desk-only.mdx'), runbook('desk-only', '  - { team: desk }'));
  writeFileSync(
    join(dir, 'runbooks', 'mail', 'full-path.mdx'),
    runbook('full-path', '  - { team: desk }\n  - { team: ops, after: 10m }\n  - { team: eng, after: 30m }', '2026-10-01', 'recoverability'),
  );
  const catalog = await loadCatalog('runbooks', { cwd: dir, now: new Date('2026-11-25T12:00:00Z') });
  const policy = orgPolicy(catalog);
  const report = audit(catalog, [], [], {
    at: new Date('2026-11-25T12:00:00Z'),
    tz: 'UTC',
    busFactorShare: 0.25,
    dueSoonDays: 14,
    exerciseDays: 90,
    backupNotOnlyTeammate: policy.backup_not_only_teammate === true,
    reviewMaxDays: policy.review_max_days ?? {},
  });
  const hour = (day: number, h: number) => day * 24 + h;

  it('computes the first reachable level for every hour', () => {
    const desk = report.runbooks.find((r) => r.id === 'desk-only')!;
    expect(desk.firstLevel[hour(0, 9)]).toBe(1); // Mon 09:00: desk
    expect(desk.firstLevel[hour(0, 21)]).toBe(0); // Mon 21:00: nobody
    const full = report.runbooks.find((r) => r.id === 'full-path')!;
    expect(full.firstLevel[hour(0, 9)]).toBe(1);
    expect(full.firstLevel[hour(0, 21)]).toBe(2); // ops
    expect(full.firstLevel[hour(1, 1)]).toBe(2); // Tue 01:00: ops past midnight
    expect(full.firstLevel[hour(1, 3)]).toBe(0); // Tue 03:00: nobody at all
    expect(full.firstLevel[hour(5, 3)]).toBe(3); // Sat 03:00: eng
    expect(full.firstLevel[hour(5, 0)]).toBe(2); // Sat 00:00: Friday's ops window
  });

  it('names the unreachable hours of each runbook, the tier gaps and the rest', () => {
    const messages = report.findings.map((f) => `${f.severity} ${f.check} ${f.subject}: ${f.message}`);
    expect(messages).toContain(
      'error escalation-unreachable full-path: The escalation path reaches nobody Mon 00:00–Mon 08:00 (8 h), Tue 02:00–Tue 08:00 (6 h), Wed 02:00–Wed 08:00 (6 h), Thu 02:00–Thu 08:00 (6 h), Fri 02:00–Fri 08:00 (6 h) (UTC)',
    );
    expect(messages.some((m) => m.startsWith('error escalation-unreachable desk-only:'))).toBe(true);
    expect(
      messages.some((m) => m.startsWith('error tier-coverage-gap Tier I: Tier I has nobody on duty Fri 20:00–Mon 08:00 (60 h), Mon 20:00–Tue 08:00 (12 h)')),
    ).toBe(true);
    expect(messages).toContain('warning team-member-inactive gone: Gone is inactive but still a member of ops');
    expect(messages).toContain('warning review-overdue full-path: Review was due 2026-10-31 (last 2026-10-01, every 30d)');
    expect(messages).toContain('warning review-due-soon desk-only: Review is due 2026-12-01');
    expect(messages).toContain('warning recovery-not-exercised full-path: Never run successfully: a recovery procedure nobody has exercised');
    expect(report.runbooks.map((r) => r.rubric)).toEqual(['bronze', 'bronze']);
    // The org's policy: reviews of Tier I every 20 days at most; a backup from outside a two-person team.
    expect(messages).toContain('warning review-interval-too-long desk-only: Reviewed every 30d; the policy allows at most 20 days for Tier I');
    expect(messages).toContain(
      'warning backup-only-teammate desk-only: Backup owner Bob is the only other member of Desk: name a backup from outside the pair, or grow the team',
    );
  });
});
