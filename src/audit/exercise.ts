// The audit's exercise figures as text: per runbook with runs on record, when it was last
// exercised (a successful run) and how its last run went; a fleet run is one run, told with
// its host counts ("exercised 2026-11-30 (terminal), 40 hosts: 40 ok").
import { hostCountsText, type HostCounts } from '../log/fleet-hosts.ts';
import type { AuditReport, RunbookAudit } from './audit.ts';

const hosts = (c: HostCounts | undefined) => (c ? `, ${hostCountsText(c)}` : '');

function exercise(r: RunbookAudit): string {
  const how = r.lastSuccess === r.lastTerminalSuccess ? 'terminal' : 'browser record';
  const success = r.lastSuccess ? `exercised ${r.lastSuccess.slice(0, 10)} (${how})${hosts(r.lastSuccessHosts)}` : 'never exercised';
  if (!r.lastRun || r.lastRun === r.lastSuccess) return success;
  return `${success}; last run ${r.lastRun.slice(0, 10)} ${r.lastRunResult ?? 'incomplete'}${hosts(r.lastRunHosts)}`;
}

/** One line per runbook that has a run in the logs (dry runs aside). */
export function exerciseText(report: AuditReport): string {
  const ran = report.runbooks.filter((r) => r.lastRun).sort((a, b) => a.id.localeCompare(b.id));
  if (ran.length === 0) return '';
  const width = Math.max(...ran.map((r) => r.id.length));
  return `\nExercise (runs in the logs; a fleet run is one run, with its hosts):\n${ran.map((r) => `  ${r.id.padEnd(width)}  ${exercise(r)}\n`).join('')}`;
}
