// Questions to the operator on the runner's stdin: a terminal (with echo off for secrets) or
// piped answers, one a line. Lines are read with node:readline; when there is no answer to
// read (stdin closed or at its end), it says so at once instead of waiting forever.
import { createInterface, type Interface } from 'node:readline';

export class NoAnswer extends Error {
  constructor(question: string) {
    super(`No answer for \`${question.trim()}\`: stdin is closed or not a terminal`);
    this.name = 'NoAnswer';
  }
}

type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export class Prompter {
  private reader: Interface | undefined;
  /** Lines read and not yet asked for (piped answers arrive several at once). */
  private readonly lines: string[] = [];
  private ended = false;
  private waiting: (() => void) | undefined;
  private cancelled: Error | undefined;

  constructor(
    private readonly input: Input,
    readonly output: NodeJS.WritableStream,
  ) {}

  get interactive(): boolean {
    return Boolean(this.input.isTTY);
  }

  /** End the question being asked, and every later one, with `error` (the run is ending). */
  cancel(error: Error): void {
    this.cancelled ??= error;
    this.waiting?.();
  }

  private wake = (): void => this.waiting?.();

  private open(): Interface {
    if (!this.reader) {
      // One reader for the prompter's life: a chunk may hold the answers to later questions.
      this.reader = createInterface({ input: this.input, terminal: false, crlfDelay: Infinity });
      this.reader.on('line', (line) => {
        this.lines.push(line);
        this.wake();
      });
      this.reader.on('close', () => {
        this.ended = true;
        this.wake();
      });
      this.input.on('error', () => {
        this.ended = true;
        this.wake();
      });
    }
    return this.reader;
  }

  /** The next line; `stop` may end this one wait early (Ctrl-C at a secret). */
  private async line(question: string, stop: () => Error | undefined = () => undefined): Promise<string> {
    const reader = this.open();
    reader.resume();
    try {
      for (;;) {
        if (this.cancelled) throw this.cancelled;
        const stopped = stop();
        if (stopped) throw stopped;
        const line = this.lines.shift();
        if (line !== undefined) return line;
        if (this.ended) throw new NoAnswer(question);
        await new Promise<void>((resolve) => (this.waiting = resolve));
        this.waiting = undefined;
      }
    } finally {
      reader.pause();
    }
  }

  /** Ask until the answer starts with one of `keys` (first letters); returns that key. */
  async choose(question: string, keys: string[]): Promise<string> {
    for (;;) {
      this.output.write(question);
      const answer = (await this.line(question)).trim().toLowerCase();
      if (!this.interactive) this.output.write(`${answer}\n`);
      const key = keys.find((k) => answer === k || (answer.length > 1 && k === answer[0]));
      if (key) return key;
      this.output.write(`Please answer ${keys.map((k) => `\`${k}\``).join(', ')}.\n`);
    }
  }

  async text(question: string): Promise<string> {
    this.output.write(question);
    const answer = await this.line(question);
    if (!this.interactive) this.output.write(`${answer}\n`);
    return answer;
  }

  /** Read a secret: on a terminal with echo off (raw mode); from a pipe as one line (never echoed). */
  async secret(question: string): Promise<string> {
    if (!this.interactive || typeof this.input.setRawMode !== 'function') {
      this.output.write(question);
      const answer = await this.line(question);
      this.output.write('\n');
      return answer;
    }
    // In raw mode the terminal neither echoes nor turns Ctrl-C into a signal: it arrives as a byte.
    let ctrlC = false;
    const onData = (chunk: string | Buffer): void => {
      if (!chunk.toString().includes('\u0003')) return;
      ctrlC = true;
      this.wake();
    };
    // Echo goes off before the question shows, so nothing typed after it is ever echoed.
    this.input.setRawMode(true);
    this.output.write(question);
    this.input.on('data', onData);
    try {
      const typed = await this.line(question, () => (ctrlC ? new NoAnswer(question) : undefined));
      this.output.write('\n');
      let value = '';
      for (const ch of typed) value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      return value;
    } finally {
      this.input.off('data', onData);
      this.input.setRawMode(false);
    }
  }
}
