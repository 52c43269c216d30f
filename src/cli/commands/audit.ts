// `opsbook audit`: ownership, reviews, coverage, escalation reachability and exercise.
import { resolve } from 'node:path';
import { audit, orgPolicy, policyOptions, type AuditReport, type FindingSeverity } from '../../audit/audit.ts';
import { exerciseText } from '../../audit/exercise.ts';
import { auditedRuns } from '../../audit/trust.ts';
import { loadCatalog, loadOrg } from '../../catalog.ts';
import { logDirUnreadable } from '../../log/read.ts';
import { orgFileFor } from '../../files.ts';
import { parse } from '../args.ts';
import { paint, UsageError, type Io } from '../io.ts';
import { timeFlags } from '../time-flags.ts';
import type { Command } from '../command.ts';

const help = `Usage: opsbook audit [options]

Answer a manager's questions from the same data as the manual and the runner: is every
runbook owned and backed up by active people, are reviews on time, are the tiers of
policy.tiers_24x7 covered at every hour of the week, does every escalation path reach a
human at every hour, who holds each pager over the next days (gaps dated, with their
cause; hours per person), and have the recovery procedures been exercised? Runbooks that
fail \`opsbook check\` are audited too, and their findings say so.

Options:
  --at <time>               evaluate as of this instant (ISO 8601; without an
                            offset, on the clock of --tz; default: now)
  --tz <zone>               time zone to show hours in (default: UTC)
  --days <n>                on-call gaps and hours over the n days from --at (default: 28)
  --json                    the whole report as JSON
  --csv                     the findings as CSV
  --fail-on <error|warning> exit 1 when there is a finding this severe (default: error)
  --exercise-days <n>       recovery runbooks must have run within n days
                            (default: policy.exercise_days of org.yaml, else 90)
  --bus-factor <percent>    flag a person who owns or backs up more than this share
                            (default: policy.bus_factor_percent of org.yaml, else 25)
  --root <dir>              the runbooks folder (default: runbooks)
  --log-dir <dir>           run logs (default: $OPSBOOK_LOG_DIR or .opsbook/runs)
  -h, --help                show this help

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage error.

Examples:
  opsbook audit --tz Europe/Berlin
  opsbook audit --at 2026-12-20T00:00:00Z --days 14 --json > audit.json
  opsbook audit --csv --fail-on warning > findings.csv
`;

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function grid(report: AuditReport, io: Io): string {
  const lines = [
    '',
    `Coverage (${report.tz}, week of Monday ${new Intl.DateTimeFormat('en-CA', { timeZone: report.tz }).format(new Date(report.weekStart))}): █ someone on duty, · nobody`,
    `             ${Array.from({ length: 24 }, (_, h) => (h % 6 === 0 ? String(h).padEnd(6) : '')).join('')}`,
  ];
  for (const [tier, hours] of Object.entries(report.coverage)) {
    for (let d = 0; d < 7; d++) {
      const row = hours
        .slice(d * 24, d * 24 + 24)
        .map((teams) => (teams.length ? '█' : paint(io, 'red', '·')))
        .join('');
      lines.push(`${d === 0 ? `Tier ${tier}`.padEnd(9) : '         '}${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][d]} ${row}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function hoursText(report: AuditReport): string {
  const lines = ['', `On call ${report.at.slice(0, 10)} to ${report.until.slice(0, 10)}: hours per person and month (${report.tz})`];
  for (const p of report.oncall.people) lines.push(`  ${p.name.padEnd(28)} ${p.month}  ${String(p.hours).padStart(6)} h`);
  for (const r of report.oncall.rotations)
    lines.push(`  ${r.name} rotation: ${r.members.map((m) => `${m.id} ${m.hours} h`).join(', ')} (spread ${r.spread} h)`);
  return `${lines.join('\n')}\n`;
}

const command: Command = {
  summary: 'audit ownership, reviews, coverage and escalation',
  help,
  async run(args, io) {
    const { values, positionals } = parse('audit', args, {
      at: { type: 'string' },
      tz: { type: 'string', default: 'UTC' },
      days: { type: 'string', default: '28' },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      'fail-on': { type: 'string', default: 'error' },
      'exercise-days': { type: 'string' },
      'bus-factor': { type: 'string' },
      root: { type: 'string', default: 'runbooks' },
      'log-dir': { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument \`${positionals[0]}\``);
    const at = timeFlags(values, '2026-11-29T23:00:00+01:00');
    const logDir = resolve(io.cwd, values['log-dir'] ?? io.env.OPSBOOK_LOG_DIR ?? '.opsbook/runs');
    const logsUnreadable = logDirUnreadable(logDir);
    if (logsUnreadable) throw new UsageError(logsUnreadable, 'Pass --log-dir with the folder of the run logs, or set OPSBOOK_LOG_DIR.');
    if (!['error', 'warning'].includes(values['fail-on'])) throw new UsageError(`--fail-on takes error or warning, not \`${values['fail-on']}\``);
    const catalog = await loadCatalog(values.root, { cwd: io.cwd });
    if (!catalog.org) {
      const [d] = loadOrg(orgFileFor(resolve(io.cwd, values.root), io.cwd, {}), io.cwd).diagnostics;
      throw new UsageError(
        d ? `${d.path}:${d.line}:${d.column}: ${d.message}` : `No org file in ${values.root}/`,
        'The audit needs org.yaml; `opsbook check` says what is wrong.',
      );
    }
    const policy = orgPolicy(catalog);
    const exerciseDays = Number(values['exercise-days'] ?? policy.exercise_days ?? 90);
    const share = Number(values['bus-factor'] ?? policy.bus_factor_percent ?? 25);
    if (!(exerciseDays > 0) || !(share > 0 && share <= 100))
      throw new UsageError('--exercise-days takes a positive number and --bus-factor a percentage from 1 to 100');
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 366) throw new UsageError(`--days takes a whole number of days from 1 to 366, not \`${values.days}\``);
    const errors = catalog.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors)
      io.stderr.write(
        `Warning: ${errors} check error${errors === 1 ? '' : 's'}; runbooks with errors are audited all the same, and their findings say so (see \`opsbook check\`).\n`,
      );
    const history = auditedRuns(logDir, catalog.org);
    const report = audit(catalog, history.runs, history.unverified, policyOptions(catalog, at, values.tz, { exerciseDays, busFactorPercent: share, days }));
    const failOn: FindingSeverity[] = values['fail-on'] === 'warning' ? ['error', 'warning'] : ['error'];
    const failing = report.findings.some((f) => failOn.includes(f.severity));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return failing ? 1 : 0;
    }
    if (values.csv) {
      io.stdout.write('severity,check,subject,message\n');
      for (const f of report.findings) io.stdout.write(`${[f.severity, f.check, f.subject, f.message].map(csvCell).join(',')}\n`);
      return failing ? 1 : 0;
    }
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of report.findings) counts[f.severity]++;
    const rubric = { gold: 0, silver: 0, bronze: 0, none: 0 };
    for (const r of report.runbooks) rubric[r.rubric]++;
    const unreadable = report.findings.filter((f) => f.check === 'runbook-unreadable').length;
    const more = unreadable ? ` and ${unreadable} that cannot be read` : '';
    io.stdout.write(`${paint(io, 'bold', `Audit of ${report.runbooks.length} runbooks${more}`)} as of ${report.at} (hours in ${report.tz})\n`);
    io.stdout.write(
      `Findings: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes (on call over ${days} days; reachable around the clock: Tier ${report.tiers24x7.join(', ') || 'none'})\n`,
    );
    io.stdout.write(
      `Rubric: ${rubric.gold} gold, ${rubric.silver} silver, ${rubric.bronze} bronze, ${rubric.none} none (bronze: owned and backed up; silver: + reviewed and reachable at every hour, absences included; gold: + a terminal run or a signed record in ${exerciseDays} days; an unsigned browser record is self-reported)\n\n`,
    );
    for (const svc of report.services)
      io.stdout.write(`  ${svc.name.padEnd(28)} ${svc.rubric.gold} gold, ${svc.rubric.silver} silver, ${svc.rubric.bronze} bronze, ${svc.rubric.none} none\n`);
    io.stdout.write('\n');
    const byCheck = new Map<string, number>();
    for (const f of report.findings) byCheck.set(f.check, (byCheck.get(f.check) ?? 0) + 1);
    for (const [check, n] of byCheck) io.stdout.write(`  ${String(n).padStart(3)}  ${check}\n`);
    io.stdout.write('\n');
    for (const f of report.findings) {
      const label = f.severity === 'error' ? paint(io, 'red', 'error  ') : f.severity === 'warning' ? paint(io, 'yellow', 'warning') : 'note   ';
      io.stdout.write(`${label}  ${f.subject}: ${f.message}  ${paint(io, 'dim', f.check)}\n`);
    }
    io.stdout.write(exerciseText(report));
    io.stdout.write(hoursText(report));
    io.stdout.write(grid(report, io));
    return failing ? 1 : 0;
  },
};

export default command;
