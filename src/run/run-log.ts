// The runner's side of its run log: events stamped with the time and the run id, and a log
// that cannot be written (a full disk, an I/O error) turned into one error that stops the
// run. After a failure nothing more is written, so the log ends at its last whole line.
import type { EventBody } from '../log/chain.ts';
import type { LogWriter } from '../log/writer.ts';

export class LogFailed extends Error {
  constructor(file: string, cause: Error) {
    super(`the run log ${file} could not be written (${cause.message})`, { cause });
    this.name = 'LogFailed';
  }
}

const isSystemError = (error: unknown): error is NodeJS.ErrnoException => error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';

type Fields<T extends EventBody['type']> = Omit<Extract<EventBody, { type: T }>, 'type' | 'ts' | 'run'>;

export class RunLog {
  private failure: LogFailed | undefined;

  constructor(
    private readonly writer: LogWriter,
    /** Called once, at the first failed write. */
    private readonly onFailure: (failure: LogFailed) => void,
  ) {}

  get file(): string {
    return this.writer.file;
  }

  get run(): string {
    return this.writer.run;
  }

  /** Append an event, fsync'd unless `sync` is false; throws LogFailed if the log cannot be written. */
  event<T extends EventBody['type']>(type: T, fields: Fields<T>, sync = true): void {
    this.throwIfFailed();
    this.attempt(() => this.writer.append({ ts: new Date().toISOString(), run: this.writer.run, type, ...fields } as unknown as EventBody, { sync }));
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** Append step output (not fsync'd); a failure goes to `onFailure` only, as output arrives outside the run's flow. */
  output(fields: Fields<'step-output'>): void {
    if (!this.failure)
      this.attempt(() => this.writer.append({ ts: new Date().toISOString(), run: this.writer.run, type: 'step-output', ...fields }, { sync: false }));
  }

  /** fsync what `output` wrote; a failure goes to `onFailure`. */
  sync(): void {
    if (!this.failure) this.attempt(() => this.writer.sync());
  }

  private attempt(write: () => unknown): void {
    try {
      write();
    } catch (error) {
      if (!isSystemError(error)) throw error;
      this.failure = new LogFailed(this.writer.file, error);
      this.onFailure(this.failure);
    }
  }
}
