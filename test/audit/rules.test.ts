// Every audit check on a case of its own: the exact finding it reports. A check without a
// case here fails the first test, as a `check` rule without a fixture does.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.ts';
import { AUDIT_RULES } from '../../src/audit/registry.ts';
import { RULES } from '../../src/rules/registry.ts';
import type { UnverifiedLog } from '../../src/audit/trust.ts';
import type { AuditOptions } from '../../src/audit/types.ts';
import { loadCatalog } from '../../src/catalog.ts';
import type { RunSummary } from '../../src/log/events.ts';
import { parseOrg } from '../../src/parse/org.ts';

const AT = new Date('2026-11-25T12:00:00Z'); // a Wednesday
const ALL = '[mon, tue, wed, thu, fri, sat, sun]';

interface Case {
  people?: string;
  teams?: string;
  runbooks?: Record<string, string>;
  runs?: RunSummary[];
  unverified?: UnverifiedLog[];
  options?: Partial<AuditOptions>;
  /** `severity check subject: message` lines the case must report. */
  expect: string[];
}

const PEOPLE = `  - { id: ann, name: Ann, tz: Europe/Berlin, contact: { phone: "+1-555-0001" } }
  - { id: bob, name: Bob, contact: { phone: "+1-555-0002" } }
  - { id: cy, name: Cy, contact: { email: cy@example.net } }
  - { id: gone, name: Gone, contact: { email: gone@example.net }, active: false }
`;
const TEAMS = `  - { id: desk, name: Desk, tier: I, members: [ann, bob], contact: { phone: "+1-555-0100" }, coverage: [ { days: ${ALL}, from: "00:00", to: "24:00", tz: UTC } ] }
  - { id: ops, name: Ops, tier: II, members: [ann, bob], contact: { phone: "+1-555-0200" }, coverage: [ { days: ${ALL}, from: "00:00", to: "24:00", tz: UTC } ] }
`;

function runbook(id: string, fields: Partial<Record<'owner' | 'backup' | 'escalation' | 'reviewed' | 'interval' | 'category' | 'tier', string>> = {}): string {
  return `---\nid: ${id}\ntitle: Runbook ${id}\nsummary: A runbook of the audit's cases.\nservice: mail\ncategory: ${fields.category ?? 'reliability'}\ntier: ${fields.tier ?? 'I'}\nowner: ${fields.owner ?? 'ann'}\nbackup_owner: ${fields.backup ?? 'bob'}\nescalation:\n${fields.escalation ?? '  - { team: desk }\n  - { team: ops, after: 15m }'}\nreview: { last_reviewed: ${fields.reviewed ?? '2026-11-01'}, interval: ${fields.interval ?? '90d'} }\nparameters: []\ntags: [x]\n---\n\n<Step id="a" title="A" />\n`;
}

function run(runbookId: string, mode: RunSummary['mode'], startedAt: string, verified = true): RunSummary {
  return { run: `r-${startedAt}`, file: 'x.jsonl', runbookId, runbookHash: 'h', mode, operator: 'ann', startedAt, result: 'succeeded', verified };
}

async function findings(c: Case): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-audit-rule-'));
  mkdirSync(join(dir, 'runbooks', 'mail'), { recursive: true });
  writeFileSync(
    join(dir, 'runbooks', 'org.yaml'),
    `people:\n${c.people ?? PEOPLE}teams:\n${c.teams ?? TEAMS}services:\n  - { id: mail, name: Mail, team: ops }\n`,
  );
  for (const [id, text] of Object.entries(c.runbooks ?? { rb: runbook('rb') })) writeFileSync(join(dir, 'runbooks', 'mail', `${id}.mdx`), text);
  const catalog = await loadCatalog('runbooks', { cwd: dir, now: AT });
  const report = audit(catalog, c.runs ?? [], c.unverified ?? [], { at: AT, tz: 'UTC', busFactorShare: 0.25, dueSoonDays: 14, exerciseDays: 90, ...c.options });
  return report.findings.map((f) => `${f.severity} ${f.check} ${f.subject}: ${f.message}`);
}

const ROTATION = (members: string, extra = '') => `  - id: ops
    name: Ops
    tier: II
    members: [ann, bob, cy]
    contact: { phone: "+1-555-0200" }
    coverage: [ { days: ${ALL}, from: "00:00", to: "24:00", tz: UTC } ]
    rotation: { members: [${members}], length: 1w, handoff: { day: mon, time: "09:00", tz: UTC }, start: 2026-11-23 }
${extra}`;
const DESK = TEAMS.split('\n')[0] + '\n';

const CASES: Record<string, Case> = {
  'runbook-unreadable': {
    runbooks: { rb: runbook('rb'), broken: runbook('broken').replace('id: broken', 'id: [unclosed') },
    expect: [
      'error runbook-unreadable runbooks/mail/broken.mdx: The front-matter cannot be read (line 3: The front-matter is not valid YAML: missed comma between flow collection entries): nothing about this runbook can be audited until it is fixed (the runbook also fails `opsbook check`: 1 error)',
    ],
  },
  'owner-unknown': {
    runbooks: { rb: runbook('rb', { owner: 'nobody' }) },
    expect: ['error owner-unknown rb: Owner `nobody` is not in org.yaml (the runbook also fails `opsbook check`: 1 error)'],
  },
  'owner-inactive': {
    runbooks: { rb: runbook('rb', { owner: 'gone' }) },
    expect: ['error owner-inactive rb: Owner Gone is inactive: name an active owner (the runbook also fails `opsbook check`: 1 error)'],
  },
  'backup-owner-unknown': {
    runbooks: { rb: runbook('rb', { backup: 'nobody' }) },
    expect: ['error backup-owner-unknown rb: Backup owner `nobody` is not in org.yaml (the runbook also fails `opsbook check`: 1 error)'],
  },
  'backup-owner-inactive': {
    runbooks: { rb: runbook('rb', { backup: 'gone' }) },
    expect: ['error backup-owner-inactive rb: Backup owner Gone is inactive: name an active backup (the runbook also fails `opsbook check`: 1 error)'],
  },
  'backup-owner-same': {
    runbooks: { rb: runbook('rb', { backup: 'ann' }) },
    expect: ['error backup-owner-same rb: The backup owner is the owner: nobody backs this process up (the runbook also fails `opsbook check`: 1 error)'],
  },
  'backup-only-teammate': {
    options: { backupNotOnlyTeammate: true },
    expect: [
      'warning backup-only-teammate rb: Backup owner Bob is the only other member of Desk: name a backup from outside the pair, or grow the team',
      'warning backup-only-teammate rb: Backup owner Bob is the only other member of Ops: name a backup from outside the pair, or grow the team',
    ],
  },
  'bus-factor': {
    runbooks: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`rb${i}`, runbook(`rb${i}`)])),
    expect: [
      'warning bus-factor ann: Ann owns or backs up 8 of 8 runbooks (100 %, above 25 %)',
      'warning bus-factor bob: Bob owns or backs up 8 of 8 runbooks (100 %, above 25 %)',
    ],
  },
  'team-member-inactive': {
    teams: TEAMS.replace('members: [ann, bob], contact: { phone: "+1-555-0200" }', 'members: [ann, bob, gone], contact: { phone: "+1-555-0200" }'),
    expect: ['warning team-member-inactive gone: Gone is inactive but still a member of ops'],
  },
  'review-never': {
    runbooks: { rb: runbook('rb', { interval: 'often' }) },
    expect: ['error review-never rb: No valid review date or interval (the runbook also fails `opsbook check`: 1 error)'],
  },
  'review-overdue': {
    runbooks: { rb: runbook('rb', { reviewed: '2026-08-01' }) },
    expect: ['warning review-overdue rb: Review was due 2026-10-30 (last 2026-08-01, every 90d)'],
  },
  'review-due-soon': { runbooks: { rb: runbook('rb', { reviewed: '2026-09-01' }) }, expect: ['warning review-due-soon rb: Review is due 2026-11-30'] },
  'review-interval-too-long': {
    options: { reviewMaxDays: { I: 30 } },
    expect: ['warning review-interval-too-long rb: Reviewed every 90d; the policy allows at most 30 days for Tier I'],
  },
  'tier-coverage-gap': {
    teams: TEAMS.replace(
      `tier: I, members: [ann, bob], contact: { phone: "+1-555-0100" }, coverage: [ { days: ${ALL}`,
      'tier: I, members: [ann, bob], contact: { phone: "+1-555-0100" }, coverage: [ { days: [mon, tue, wed, thu, fri, sat]',
    ),
    expect: ['error tier-coverage-gap Tier I: Tier I has nobody on duty Sun 00:00–Mon 00:00 (24 h) (UTC)'],
  },
  'team-coverage-gap': {
    teams:
      DESK +
      '  - { id: ops, name: Ops, tier: II, members: [ann, bob], contact: {}, coverage: [ { days: [mon, tue, wed, thu, fri, sat], from: "00:00", to: "24:00", tz: UTC }, { days: [sat], from: "20:00", to: "06:00", tz: UTC } ] }\n',
    expect: ['warning team-coverage-gap ops: Ops runs an on-call rota but has nobody Sun 06:00–Mon 00:00 (18 h) (UTC)'],
  },
  'team-oncall-gap': {
    people: PEOPLE.replace(
      'tz: Europe/Berlin, contact: { phone: "+1-555-0001" } }',
      'tz: Europe/Berlin, contact: { phone: "+1-555-0001" }, away: [ { from: 2026-11-26, to: 2026-11-27 } ] }',
    ),
    teams: DESK + ROTATION('ann, bob'),
    expect: [
      'warning team-oncall-gap ops: Ops has nobody on call 2026-11-25 23:00–2026-11-27 23:00 (48 h) (UTC): ann is away 2026-11-26…2026-11-27 during their shift; no override',
    ],
  },
  'tier-oncall-gap': {
    people: PEOPLE.replace(
      'tz: Europe/Berlin, contact: { phone: "+1-555-0001" } }',
      'tz: Europe/Berlin, contact: { phone: "+1-555-0001" }, away: [ { from: 2026-11-26, to: 2026-11-26 } ] }',
    ),
    teams: DESK + ROTATION('ann, bob', '    overrides:\n      - { person: bob, from: "2026-11-26T12:00", to: "2026-11-27T00:00", tz: UTC }\n'),
    expect: [
      'error tier-oncall-gap Tier II: Tier II has nobody on call 2026-11-25 23:00–2026-11-26 12:00 (13 h) (UTC): Ops: ann is away 2026-11-26…2026-11-26 during their shift; no override',
    ],
  },
  'oncall-no-phone': {
    teams: DESK + ROTATION('cy, ann'),
    expect: ['warning oncall-no-phone cy: Cy is on call for Ops in the next 28 days but has no phone number in org.yaml'],
  },
  'escalation-unreachable': {
    people: PEOPLE.replace(
      'tz: Europe/Berlin, contact: { phone: "+1-555-0001" } }',
      'tz: Europe/Berlin, contact: { phone: "+1-555-0001" }, away: [ { from: 2026-11-26, to: 2026-11-26 } ] }',
    ),
    teams:
      '  - { id: desk, name: Desk, tier: I, members: [ann, bob], contact: {}, coverage: [ { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00", tz: UTC } ] }\n' +
      ROTATION('ann, bob').replace(
        `coverage: [ { days: ${ALL}, from: "00:00", to: "24:00", tz: UTC } ]`,
        'coverage: [ { days: [mon, tue, wed, thu, fri, sat], from: "00:00", to: "24:00", tz: UTC } ]',
      ),
    expect: [
      'error escalation-unreachable rb: The escalation path reaches nobody Sun 00:00–Mon 00:00 (24 h) (UTC)',
      'error escalation-unreachable rb: The escalation path reaches nobody 2026-11-25 23:00–2026-11-26 08:00 (9 h) (UTC): Desk: outside its coverage windows; Ops: ann is away 2026-11-26…2026-11-26 during their shift; no override',
      'error escalation-unreachable rb: The escalation path reaches nobody 2026-11-26 18:00–2026-11-26 23:00 (5 h) (UTC): Desk: outside its coverage windows; Ops: ann is away 2026-11-26…2026-11-26 during their shift; no override',
    ],
  },
  'escalation-first-level-gap': {
    teams: TEAMS.replace(
      `tier: I, members: [ann, bob], contact: { phone: "+1-555-0100" }, coverage: [ { days: ${ALL}, from: "00:00", to: "24:00"`,
      'tier: I, members: [ann, bob], contact: { phone: "+1-555-0100" }, coverage: [ { days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "20:00"',
    ),
    expect: [
      'info escalation-first-level-gap rb: Level 1 (desk) is unstaffed Mon 20:00–Tue 00:00 (4 h), Tue 20:00–Wed 00:00 (4 h), Wed 20:00–Thu 00:00 (4 h), Thu 20:00–Fri 00:00 (4 h), Fri 20:00–Sat 00:00 (4 h), Sat 20:00–Sun 00:00 (4 h), Sun 20:00–Mon 00:00 (4 h); help then comes from level 2 after 15 min',
    ],
  },
  'escalation-level-gap': {
    teams:
      DESK +
      '  - { id: ops, name: Ops, tier: II, members: [ann, bob], contact: {}, coverage: [ { days: [mon, tue, wed, thu, fri, sat], from: "00:00", to: "24:00", tz: UTC }, { days: [sat], from: "20:00", to: "06:00", tz: UTC } ] }\n',
    expect: ['warning escalation-level-gap rb: Level 2 (ops) is skipped Sun 06:00–Mon 00:00 (18 h): nobody on its rota'],
  },
  'recovery-not-exercised': {
    runbooks: { rb: runbook('rb', { category: 'recoverability' }) },
    runs: [run('rb', 'terminal', '2026-11-20T10:00:00.000Z', false), run('rb', 'dry-run', '2026-11-21T10:00:00.000Z')],
    expect: ['warning recovery-not-exercised rb: Never run successfully: a recovery procedure nobody has exercised'],
  },
  'recovery-self-reported': {
    runbooks: { rb: runbook('rb', { category: 'recoverability' }) },
    runs: [run('rb', 'browser', '2026-11-20T10:00:00.000Z'), run('rb', 'terminal', '2026-06-01T10:00:00.000Z')],
    expect: ['info recovery-self-reported rb: Exercised (self-reported): a browser record of 2026-11-20, no terminal run or signed record within 90 days'],
  },
  'log-unverified': {
    unverified: [{ file: '.opsbook/runs/20261120T100000Z-abcdef.jsonl', line: 2, problem: 'sequence number 2, expected 1' }],
    expect: [
      'error log-unverified .opsbook/runs/20261120T100000Z-abcdef.jsonl: The run log fails `opsbook log verify` at line 2 (sequence number 2, expected 1): it counts for nothing as evidence',
    ],
  },
};

describe('audit checks', () => {
  it('has a case for every check, and every check an id, a description and one severity', () => {
    expect(AUDIT_RULES.map((r) => r.id).filter((id) => !(id in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((id) => !AUDIT_RULES.some((r) => r.id === id))).toEqual([]);
    expect(new Set(AUDIT_RULES.map((r) => r.id)).size).toBe(AUDIT_RULES.length);
    for (const r of AUDIT_RULES) expect(r.description.length, r.id).toBeGreaterThan(20);
  });
  it('gives an id that `check` has too the same severity as `check` does: one meaning per id', () => {
    const shared = AUDIT_RULES.filter((r) => RULES.some((c) => c.id === r.id));
    expect(shared.map((r) => r.id)).toEqual(expect.arrayContaining(['owner-unknown', 'review-overdue', 'team-member-inactive']));
    for (const r of shared) expect(r.severity, r.id).toBe(RULES.find((c) => c.id === r.id)!.severity);
  });
  for (const [id, c] of Object.entries(CASES)) {
    it(`reports \`${id}\``, async () => {
      const got = await findings(c);
      for (const line of c.expect) expect(got).toContain(line);
      expect(got.filter((l) => l.split(' ')[1] === id)).toHaveLength(c.expect.length);
    });
  }
});

describe('README', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  it('lists every audit check with its severity under "Audit checks"', () => {
    const section = readme.slice(readme.indexOf('### Audit checks'));
    for (const r of AUDIT_RULES) expect(section, r.id).toContain(`| \`${r.id}\` | ${r.severity} | ${r.description} |`);
  });
  it('names every key of the org file schema in its org-file section', () => {
    const section = readme.slice(readme.indexOf('### The organisation file'), readme.indexOf('## Running a runbook'));
    const keys = new Set<string>();
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const { properties, items, $defs } = node as { properties?: Record<string, unknown>; items?: unknown; $defs?: Record<string, unknown> };
      for (const [key, child] of Object.entries(properties ?? {})) {
        if (!/^(I|II|III)$/.test(key)) keys.add(key);
        walk(child);
      }
      walk(items);
      Object.values($defs ?? {}).forEach(walk);
    };
    walk(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'org.schema.json'), 'utf8')));
    expect(keys.size).toBeGreaterThan(30);
    // A key as the table or the example writes it: `people[].tz`, `{ id, name, team, description }`, `tz:`.
    expect([...keys].filter((key) => !new RegExp(`(^|[\`.{ ,])${key}[\`:, }[]`, 'm').test(section))).toEqual([]);
  });
  it('shows an org file example that the schema accepts, with every on-call key', () => {
    const start = readme.indexOf('### The organisation file');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme.slice(start))![1];
    const parsed = parseOrg('org.yaml', new TextEncoder().encode(example));
    expect(parsed.messages).toEqual([]);
    for (const key of ['tz', 'away', 'rotation', 'members', 'length', 'handoff', 'start', 'overrides', 'tiers_24x7']) expect(example).toContain(`${key}:`);
  });
});
