// A step's output on its way to the operator: secrets redacted, written to the run log, and
// only then shown, so what the operator saw is in the log even if the runner is killed the
// next moment. Output that arrives within `gatherMs` is one log line (a step printing a
// line a millisecond does not write a thousand events a second); the log's lines are
// fsync'd within `syncMs` of being written (and at the step's end). Only the first 64 KiB go to the log as they come; after that a rolling 64 KiB
// tail is kept and logged at the step's end, with the count of what was dropped between.
import { OutputBound, StreamRedactor } from './output.ts';

export type Stream = 'stdout' | 'stderr';

export interface OutputSink {
  /** Append output to the log (written, not yet fsync'd). */
  log(stream: Stream, text: string, dropped?: number): void;
  /** fsync what `log` wrote. */
  sync(): void;
  show(stream: Stream, text: string): void;
}

export class StepOutput {
  private readonly bound = new OutputBound();
  private readonly redactors: Record<Stream, StreamRedactor>;
  private syncTimer: NodeJS.Timeout | undefined;
  private gathered: { stream: Stream; text: string } | undefined;
  private gatherTimer: NodeJS.Timeout | undefined;

  constructor(
    secrets: string[],
    private readonly sink: OutputSink,
    private readonly gatherMs = 20,
    private readonly syncMs = 200,
  ) {
    this.redactors = { stdout: new StreamRedactor(secrets), stderr: new StreamRedactor(secrets) };
  }

  /** Raw output of the step as it arrives. */
  push(stream: Stream, raw: string): void {
    const text = this.redactors[stream].push(raw);
    if (!text) return;
    if (this.gathered && this.gathered.stream !== stream) this.flush();
    this.gathered = { stream, text: (this.gathered?.text ?? '') + text };
    if (this.gathered.text.length >= 16 * 1024) this.flush();
    else this.gatherTimer ??= setTimeout(() => this.flush(), this.gatherMs);
  }

  private flush(): void {
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    this.gatherTimer = undefined;
    const gathered = this.gathered;
    this.gathered = undefined;
    if (gathered) this.write(gathered.stream, gathered.text);
  }

  private write(stream: Stream, text: string): void {
    if (!text) return;
    const kept = this.bound.take(text);
    if (kept) {
      this.sink.log(stream, kept);
      this.syncTimer ??= setTimeout(() => {
        this.syncTimer = undefined;
        this.sink.sync();
      }, this.syncMs);
    }
    this.sink.show(stream, text);
  }

  /** The step has ended: what the redactors held back, then the tail. The caller's next synced write covers all. */
  end(): void {
    this.flush();
    this.write('stdout', this.redactors.stdout.end());
    this.write('stderr', this.redactors.stderr.end());
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    const tail = this.bound.finish();
    if (tail || this.bound.dropped) this.sink.log('stdout', tail, this.bound.dropped);
  }
}
