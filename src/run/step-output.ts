// A step's output on its way to the operator: secrets redacted, written to the run log, and
// only then shown, so what the operator saw is in the log even if the runner is killed the
// next moment. The log's lines are fsync'd within `syncMs` of being written (and at the
// step's end). Only the first 64 KiB go to the log as they come; after that a rolling 64 KiB
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

  constructor(
    secrets: string[],
    private readonly sink: OutputSink,
    private readonly syncMs = 200,
  ) {
    this.redactors = { stdout: new StreamRedactor(secrets), stderr: new StreamRedactor(secrets) };
  }

  /** Raw output of the step as it arrives. */
  push(stream: Stream, raw: string): void {
    this.write(stream, this.redactors[stream].push(raw));
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
    this.write('stdout', this.redactors.stdout.end());
    this.write('stderr', this.redactors.stderr.end());
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    const tail = this.bound.finish();
    if (tail || this.bound.dropped) this.sink.log('stdout', tail, this.bound.dropped);
  }
}
