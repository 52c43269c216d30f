// `opsbook log show`: one run-log event as one line of a readable timeline. Everything in a
// log is text someone else wrote (step output, parameter values, reasons): it is shown with
// unsafe characters escaped (`\x1b`, `\u202e`), never raw.
import { visible } from '../render/visible.ts';
import type { RunEvent } from './events.ts';

export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const INDENT = ' '.repeat(14);

function describe(e: RunEvent): string {
  switch (e.type) {
    case 'run-start':
      return `run-start ${e.runbook.id} (${e.mode})${e.ticket ? ` for ${e.ticket}` : ''} by ${e.operator.name} on ${e.host} ${Object.entries(e.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}${e.override ? ` [tier override: ${e.override.reason}]` : ''}`;
    case 'run-resume':
      return `run-resume from ${e.from}${e.changed ? ' (runbook changed)' : ''}${e.torn ? ' (torn line dropped)' : ''}`;
    case 'step-start':
      return `${e.step} ${e.phase} started${e.pid ? ` (pid ${e.pid})` : ''}`;
    case 'step-output':
      return `${e.step} ${e.stream}: ${e.text.replace(/\n$/, '').split('\n').join(`\n${INDENT}`)}${e.dropped ? `\n${INDENT}[${e.dropped} bytes dropped]` : ''}`;
    case 'step-end':
      return `${e.step} ${e.phase} ${e.ok ? 'ok' : 'FAILED'} exit ${e.exitCode ?? e.signal} in ${duration(e.durationMs)}${e.timedOut ? ' (timed out)' : ''}${e.interrupted ? ' (interrupted)' : ''}`;
    case 'confirm':
      return `${e.step} confirmed ${e.action} (${e.via})`;
    case 'skip':
      return `${e.step} skipped (${e.via})${e.reason ? `: ${e.reason}` : ''}`;
    case 'abort':
      return `abort${e.step ? ` at ${e.step}` : ''}: ${e.reason}`;
    case 'run-end':
      return `run-end ${e.result}${e.failedStep ? ` at ${e.failedStep}` : ''} after ${duration(e.durationMs)}${e.closed ? ' (closed by a resume)' : ''}${e.signature ? ' (signed)' : ''}`;
    case 'checkpoint':
      return `checkpoint${e.step ? ` after ${e.step} ${e.phase ?? 'run'}` : ''}: ${e.signature.events} events signed`;
    case 'lock-takeover':
      return `lock taken over from pid ${e.holder.pid} on ${e.holder.host} (gone; locked since ${e.holder.since})`;
    case 'step-process':
      return `${e.step} ${e.phase} of the stopped run: pid ${e.pid} ${e.running ? `still running; waited ${duration(e.waitedMs ?? 0)} for it to end` : 'no longer running'}`;
    case 'parameters-changed':
      return `parameters changed (${e.via}): ${e.changes.map((c) => `${c.name} ${c.from ?? '(none)'} → ${c.to ?? '(none)'}`).join(', ')}`;
    case 'host-start':
      return `${e.step} ${e.host} ${e.phase} started (batch ${e.batch})`;
    case 'host-output':
      return `${e.step} ${e.host} ${e.stream}: ${e.text.replace(/\n$/, '').split('\n').join(`\n${INDENT}`)}${e.dropped ? `\n${INDENT}[${e.dropped} bytes dropped]` : ''}`;
    case 'host-end':
      return `${e.step} ${e.host} ${e.phase} ${e.state} exit ${e.exitCode ?? '-'} in ${duration(e.durationMs)}`;
    case 'steps-changed':
      return `changed steps accepted (${e.via}): ${e.steps.map((s) => `${s.id} (${s.change})`).join(', ')}`;
  }
}

/** The timeline line of `e`, `t0` being the run's start (ms since the epoch). */
export function timelineLine(e: RunEvent, t0: number): { at: string; text: string } {
  return { at: `+${duration(Date.parse(e.ts) - t0)}`.padEnd(12), text: visible(describe(e)) };
}
