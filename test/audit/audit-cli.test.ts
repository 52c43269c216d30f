// `opsbook audit` on the bundled manual: it finds the deliberate storage gap and nothing false.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsbook } from '../cli/run-cli.ts';

const AT = '2026-11-25T12:00:00Z';

describe('opsbook audit', () => {
  it('finds the Sunday-night storage gap in the bundled org, in text, JSON and CSV', () => {
    const text = opsbook(['audit', '--at', AT, '--tz', 'Europe/Berlin', '--log-dir', '/nonexistent']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('storage: Storage and Backup runs an on-call rota but has nobody Sun 22:00–Mon 08:00 (10 h) (Europe/Berlin)');
    const json = JSON.parse(opsbook(['audit', '--at', AT, '--json', '--log-dir', '/nonexistent']).stdout) as {
      findings: { check: string; severity: string }[];
      coverage: Record<string, string[][]>;
      services: { id: string; rubric: Record<string, number> }[];
      runbooks: unknown[];
    };
    expect(json.services).toHaveLength(10);
    expect(json.services.reduce((n, s) => n + Object.values(s.rubric).reduce((a, b) => a + b, 0), 0)).toBe(json.runbooks.length);
    expect(json.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(Object.values(json.coverage).every((hours) => hours.length === 168 && hours.every((teams) => teams.length > 0))).toBe(true);
    const csv = opsbook(['audit', '--at', AT, '--csv', '--log-dir', '/nonexistent']).stdout.trim().split('\n');
    expect(csv[0]).toBe('severity,check,subject,message');
    expect(csv.some((l) => l.startsWith('warning,team-coverage-gap,storage,'))).toBe(true);
    expect(opsbook(['audit', '--at', AT, '--fail-on', 'warning', '--log-dir', '/nonexistent']).status).toBe(1);
  });
  it("finds Matt's Christmas absence in his on-call week, dated and with its cause, and counts hours on call", () => {
    const r = opsbook(['audit', '--at', '2026-12-14T00:00:00Z', '--tz', 'Europe/Berlin', '--log-dir', '/nonexistent']);
    expect(r.stdout).toContain(
      'warning  messaging-ops: Messaging Operations has nobody on call 2026-12-24 00:00–2026-12-24 09:00 (9 h) (Europe/Berlin): mberg is away 2026-12-24…2027-01-03 during their shift; no override  team-oncall-gap',
    );
    expect(r.stdout).toContain(
      'warning  messaging-ops: Messaging Operations has nobody on call 2026-12-27 09:00–2026-12-28 09:00 (24 h) (Europe/Berlin): mberg is away 2026-12-24…2027-01-03 during their shift; no override  team-oncall-gap',
    );
    // The help desk's runbooks escalate to Messaging Operations only: then they reach nobody.
    expect(r.stdout).toContain(
      'error    password-reset: The escalation path reaches nobody 2026-12-27 09:00–2026-12-28 09:00 (24 h) (Europe/Berlin): Customer Help Desk: outside its coverage windows; Messaging Operations: mberg is away 2026-12-24…2027-01-03 during their shift; no override  escalation-unreachable',
    );
    expect(r.status).toBe(1);
    // Tier II stays reachable through Network Engineering, and Tier III need not be 24x7.
    expect(r.stdout).not.toMatch(/tier-(coverage|oncall)-gap/);
    const json = JSON.parse(opsbook(['audit', '--at', '2026-12-14T00:00:00Z', '--days', '14', '--json', '--log-dir', '/nonexistent']).stdout) as {
      until: string;
      tiers24x7: string[];
      runbooks: { id: string; rubric: string }[];
      oncall: {
        people: { id: string; month: string; hours: number }[];
        rotations: { team: string; members: { id: string; hours: number }[]; spread: number }[];
      };
    };
    expect(json.until).toBe('2026-12-28T00:00:00.000Z');
    // A path that reaches nobody while Matt is away is no silver: the grade agrees with the error.
    const rubric = Object.fromEntries(json.runbooks.map((x) => [x.id, x.rubric]));
    expect(rubric['password-reset']).toBe('bronze');
    expect(rubric['mail-not-arriving']).toBe('silver');
    expect(json.tiers24x7).toEqual(['I', 'II']);
    const ops = json.oncall.rotations.find((x) => x.team === 'messaging-ops')!;
    // 14 days from Mon 14 Dec 01:00 Berlin: sjensen's week (from 09:00 on the 14th, 8 h of tnovak's before), mberg's until he leaves on the 24th (63 h), tnovak's override (72 h), then the gap.
    expect(ops.members).toEqual([
      { id: 'akhan', hours: 0 },
      { id: 'tnovak', hours: 80 },
      { id: 'sjensen', hours: 168 },
      { id: 'mberg', hours: 63 },
    ]);
    expect(ops.spread).toBe(168);
    expect(json.oncall.people).toContainEqual({ id: 'mberg', name: 'Matt Berg', month: '2026-12', hours: 63 });
  });
  it('audits runbooks that fail check, and says so in their findings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-audit-cli-'));
    cpSync(join(import.meta.dirname, '..', '..', 'runbooks'), join(dir, 'runbooks'), { recursive: true });
    const file = join(dir, 'runbooks', 'mailbox', 'restore-mailbox-from-backup.mdx');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^owner: .*$/m, 'owner: bvoss'));
    const r = opsbook(['audit', '--at', AT, '--log-dir', '/nonexistent'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('runbooks with errors are audited all the same');
    expect(r.stdout).toContain(
      'error    restore-mailbox-from-backup: Owner Bernd Voss is inactive: name an active owner (the runbook also fails `opsbook check`: 1 error)  owner-inactive',
    );
    // Every runbook is audited, the one failing check included.
    const runbooks = readdirSync(join(dir, 'runbooks'), { recursive: true }).filter((f) => String(f).endsWith('.mdx')).length;
    expect(r.stdout).toContain(`Audit of ${runbooks} runbooks`);
  });
  it('names a runbook whose front-matter cannot be read, instead of leaving it out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-audit-cli-'));
    cpSync(join(import.meta.dirname, '..', '..', 'runbooks'), join(dir, 'runbooks'), { recursive: true });
    const file = join(dir, 'runbooks', 'mta', 'deferred-mail-expiry.mdx');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: [unclosed'));
    const r = opsbook(['audit', '--at', AT, '--log-dir', '/nonexistent'], { cwd: dir });
    expect(r.status).toBe(1);
    const runbooks = readdirSync(join(dir, 'runbooks'), { recursive: true }).filter((f) => String(f).endsWith('.mdx')).length;
    expect(r.stdout).toContain(`Audit of ${runbooks - 1} runbooks and 1 that cannot be read`);
    expect(r.stdout).toMatch(
      /^error {4}runbooks\/mta\/deferred-mail-expiry\.mdx: The front-matter cannot be read \(line \d+: The front-matter is not valid YAML: .+\): nothing about this runbook can be audited until it is fixed \(the runbook also fails `opsbook check`: 1 error\) {2}runbook-unreadable$/m,
    );
  });
  it('holds the tiers of policy.tiers_24x7 to 24x7, and by default lets Tier III engineering work 8x5', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-audit-tiers-'));
    mkdirSync(join(dir, 'runbooks'));
    const all = '[mon, tue, wed, thu, fri, sat, sun]';
    const org = `people:
  - { id: ann, name: Ann, contact: { phone: "+1-555-0001" } }
  - { id: bob, name: Bob, contact: { phone: "+1-555-0002" } }
teams:
  - { id: desk, name: Desk, tier: I, members: [ann], contact: {}, coverage: [ { days: ${all}, from: "00:00", to: "24:00", tz: UTC } ] }
  - { id: ops, name: Ops, tier: II, members: [ann], contact: {}, coverage: [ { days: ${all}, from: "00:00", to: "24:00", tz: UTC } ] }
  - { id: eng, name: Engineering, tier: III, members: [bob], contact: {}, coverage: [ { days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", tz: UTC } ] }
services:
  - { id: mail, name: Mail, team: ops }
`;
    const findings = (text: string) => {
      writeFileSync(join(dir, 'runbooks', 'org.yaml'), text);
      const r = opsbook(['audit', '--at', AT, '--json', '--log-dir', join(dir, 'logs')], { cwd: dir });
      return (JSON.parse(r.stdout) as { findings: { check: string; severity: string; message: string }[] }).findings.filter((f) => f.check.startsWith('tier-'));
    };
    expect(findings(org)).toEqual([]);
    expect(findings(`${org}policy:\n  tiers_24x7: [I, II, III]\n`)).toEqual([
      expect.objectContaining({
        check: 'tier-coverage-gap',
        severity: 'error',
        message: expect.stringMatching(/^Tier III has nobody on duty Fri 17:00–Mon 09:00 \(64 h\), Mon 17:00–Tue 09:00/),
      }),
    ]);
  });
  it('says where an org file that does not parse goes wrong, and that a missing one is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-audit-org-'));
    mkdirSync(join(dir, 'runbooks'));
    const none = opsbook(['audit'], { cwd: dir });
    expect(none.stderr.split('\n')[0]).toBe(
      'opsbook audit: runbooks/org.yaml:1:1: No org file `runbooks/org.yaml`; owners, teams and services cannot be checked',
    );
    writeFileSync(join(dir, 'runbooks', 'org.yaml'), 'people: [\nteams: []\n');
    const broken = opsbook(['audit'], { cwd: dir });
    expect(broken.stderr.split('\n')[0]).toMatch(/^opsbook audit: runbooks\/org\.yaml:2:\d+: The org file is not valid YAML: /);
    expect(broken.status).toBe(2);
  });
  it('rejects a bad --at and --tz with a usage error', () => {
    expect(opsbook(['audit', '--at', 'yesterday']).status).toBe(2);
    expect(opsbook(['audit', '--at', '1']).stderr).toContain('opsbook audit: --at takes an ISO 8601 time such as 2026-11-29T23:00:00+01:00, not `1`');
    const tz = opsbook(['audit', '--tz', 'Mars/Olympus']);
    expect(tz.status).toBe(2);
    expect(tz.stderr).toContain('not an IANA time zone');
    expect(opsbook(['audit', '--days', '0']).stderr).toContain('--days takes a whole number of days from 1 to 366');
  });
});
