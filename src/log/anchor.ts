// What anchors a run log outside its own chain: with a signing key, a signed checkpoint after
// every step-end and a signed run-end (the final head); with or without one, the ledger's
// lines at the run's start and end. The log writer calls it for each line it writes.
import { basename } from 'node:path';
import type { ChainState, EventBody } from './chain.ts';
import type { RunEvent, RunMode, Signature } from './events.ts';
import { appendLedger } from './ledger.ts';
import type { Signer } from './sign.ts';
import type { LogAnchor } from './writer.ts';

export class Anchor implements LogAnchor {
  constructor(
    private readonly dir: string,
    readonly signer: Signer | undefined,
    /** A resumed run's runbook hash and mode, from its run-start (a new run's come with its run-start). */
    private started?: { runbook: string; mode: RunMode },
  ) {}

  signs(type: EventBody['type']): boolean {
    return this.signer !== undefined && (type === 'checkpoint' || type === 'run-end');
  }

  signature(run: string, events: number, head: string): Signature {
    return { events, head, ssh: this.signer!.sign({ kind: 'run', run, runbook: this.started?.runbook ?? '', events, head }) };
  }

  after(event: RunEvent, state: ChainState, file: string, append: (body: EventBody) => void): void {
    if (event.type === 'run-start') this.started = { runbook: event.runbook.hash, mode: event.mode };
    if (event.type === 'step-end' && this.signer)
      append({ ts: new Date().toISOString(), run: event.run, type: 'checkpoint', step: event.step, phase: event.phase } as EventBody);
    if ((event.type === 'run-start' || event.type === 'run-end') && this.started)
      appendLedger(
        this.dir,
        {
          ts: new Date().toISOString(),
          type: event.type,
          run: event.run,
          file: basename(file),
          runbook: this.started.runbook,
          mode: this.started.mode,
          head: state.prev,
          events: state.seq,
          ...(event.type === 'run-end' ? { result: event.result } : {}),
        },
        this.signer,
      );
  }
}
