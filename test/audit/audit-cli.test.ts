// `opsbook audit` on the bundled manual: it finds the deliberate storage gap and nothing false.
import { describe, expect, it } from 'vitest';
import { opsbook } from '../cli/run-cli.ts';

const AT = '2026-11-25T12:00:00Z';

describe('opsbook audit', () => {
  it('finds the Sunday-night storage gap in the bundled org, in text, JSON and CSV', () => {
    const text = opsbook(['audit', '--at', AT, '--tz', 'Europe/Berlin', '--log-dir', '/nonexistent']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('storage: Storage and Backup runs an on-call rota but has nobody Sun 22:00–Mon 08:00 (10 h) (Europe/Berlin)');
    const json = JSON.parse(opsbook(['audit', '--at', AT, '--json', '--log-dir', '/nonexistent']).stdout) as { findings: { check: string; severity: string }[]; coverage: Record<string, string[][]>; services: { id: string; rubric: Record<string, number> }[]; runbooks: unknown[] };
    expect(json.services).toHaveLength(10);
    expect(json.services.reduce((n, s) => n + Object.values(s.rubric).reduce((a, b) => a + b, 0), 0)).toBe(json.runbooks.length);
    expect(json.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(Object.values(json.coverage).every((hours) => hours.length === 168 && hours.every((teams) => teams.length > 0))).toBe(true);
    const csv = opsbook(['audit', '--at', AT, '--csv', '--log-dir', '/nonexistent']).stdout.trim().split('\n');
    expect(csv[0]).toBe('severity,check,subject,message');
    expect(csv.some((l) => l.startsWith('warning,team-coverage-gap,storage,'))).toBe(true);
    expect(opsbook(['audit', '--at', AT, '--fail-on', 'warning', '--log-dir', '/nonexistent']).status).toBe(1);
  });
  it('rejects a bad --at and --tz with a usage error', () => {
    expect(opsbook(['audit', '--at', 'yesterday']).status).toBe(2);
    const tz = opsbook(['audit', '--tz', 'Mars/Olympus']);
    expect(tz.status).toBe(2);
    expect(tz.stderr).toContain('not an IANA time zone');
  });
});
