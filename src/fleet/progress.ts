// What the operator sees of a fleet step: a line per host as it ends, a live batch line on
// a terminal ("batch 2/5: 3 ok, 1 failed, 1 running"), plain lines when piped, and a summary
// that groups hosts with the same result ("ok on 38 hosts; failed on mbx07: disk full").
import type { HostEndState } from '../log/events.ts';

export type FinalState = HostEndState | 'pending';

export interface HostOutcome {
  host: string;
  state: FinalState;
  exitCode: number | null;
  /** Last non-empty line of the output of the phase that decided the state. */
  lastLine: string;
  /** `verify` when the run passed but its verify did not. */
  phase: 'run' | 'verify';
}

export function lastLine(text: string): string {
  const lines = text
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? '').slice(0, 200);
}

function why(o: HostOutcome): string {
  if (o.state === 'ok' || o.state === 'pending') return '';
  const what = o.phase === 'verify' ? 'verify ' : '';
  const code = o.state === 'failed' ? `${what}exit ${o.exitCode ?? 'killed'}` : `${what}${o.state}`;
  return o.lastLine ? `${code}: ${o.lastLine}` : code;
}

export class FleetProgress {
  private counts = { ok: 0, failed: 0, running: 0 };
  private batch = 0;
  private readonly tty: boolean;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly batches: number,
  ) {
    this.tty = Boolean((out as { isTTY?: boolean }).isTTY);
  }

  private status(): string {
    return `batch ${this.batch}/${this.batches}: ${this.counts.ok} ok, ${this.counts.failed} failed, ${this.counts.running} running`;
  }

  private redraw(): void {
    if (this.tty) this.out.write(`\r\x1b[K${this.status()}`);
  }

  /** Write whole lines above the live status line. */
  line(text: string): void {
    this.out.write(this.tty ? `\r\x1b[K${text}\n` : `${text}\n`);
    this.redraw();
  }

  startBatch(n: number, hosts: string[]): void {
    this.batch = n;
    this.counts = { ok: 0, failed: 0, running: 0 };
    this.line(`Batch ${n}/${this.batches}: ${hosts.join(' ')}`);
  }

  hostStarted(): void {
    this.counts.running++;
    this.redraw();
  }

  hostEnded(o: HostOutcome, durationMs: number): void {
    this.counts.running--;
    if (o.state === 'ok') this.counts.ok++;
    else this.counts.failed++;
    this.line(`  ${o.state.padEnd(11)} ${o.host}  ${(durationMs / 1000).toFixed(1)} s${o.state === 'ok' ? '' : `  ${why(o)}`}`);
  }

  endBatch(): void {
    if (this.tty) this.out.write(`\r\x1b[K${this.status()}\n`);
    else this.out.write(`${this.status()}\n`);
  }
}

function hostList(hosts: string[]): string {
  if (hosts.length === 1) return hosts[0];
  const shown = hosts.length > 6 ? `${hosts.slice(0, 5).join(', ')}, …` : hosts.join(', ');
  return `${hosts.length} hosts (${shown})`;
}

/** Hosts grouped by state and, for the ones that did not succeed, by their last output line. */
export function summary(outcomes: HostOutcome[]): string[] {
  const groups = new Map<string, { state: FinalState; reason: string; hosts: string[] }>();
  for (const o of outcomes) {
    const reason = why(o);
    const key = `${o.state}\0${reason}`;
    const g = groups.get(key) ?? { state: o.state, reason, hosts: [] };
    g.hosts.push(o.host);
    groups.set(key, g);
  }
  const order: FinalState[] = ['ok', 'failed', 'timed-out', 'unreachable', 'skipped', 'pending'];
  return [...groups.values()]
    .sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || b.hosts.length - a.hosts.length)
    .map((g) => {
      if (g.state === 'ok') return `ok on ${g.hosts.length === 1 ? g.hosts[0] : `${g.hosts.length} hosts`}`;
      if (g.state === 'pending') return `pending (not started) on ${hostList(g.hosts)}`;
      return `${g.state} on ${hostList(g.hosts)}${g.reason ? `: ${g.reason}` : ''}`;
    });
}
