// Questions to the operator on the runner's stdin: a terminal (with echo off for secrets) or
// piped answers, one a line. When there is no answer to read, it says so at once instead of
// waiting forever.
export class NoAnswer extends Error {
  constructor(question: string) {
    super(`No answer for \`${question.trim()}\`: stdin is closed or not a terminal`);
    this.name = 'NoAnswer';
  }
}

type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

export class Prompter {
  private buffer = '';
  private ended = false;
  private waiting: (() => void) | undefined;
  private listening = false;
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

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.input.setEncoding?.('utf8');
    this.input.on('data', (chunk: string | Buffer) => {
      this.buffer += chunk.toString();
      this.waiting?.();
    });
    this.input.on('end', () => {
      this.ended = true;
      this.waiting?.();
    });
    this.input.on('error', () => {
      this.ended = true;
      this.waiting?.();
    });
  }

  private async line(question: string): Promise<string> {
    this.listen();
    this.input.resume();
    try {
      for (;;) {
        if (this.cancelled) throw this.cancelled;
        const nl = this.buffer.search(/\r?\n|\r/);
        if (nl !== -1) {
          const line = this.buffer.slice(0, nl);
          this.buffer = this.buffer.slice(nl + (this.buffer.slice(nl, nl + 2) === '\r\n' ? 2 : 1));
          return line;
        }
        if (this.ended) {
          if (this.buffer) {
            const line = this.buffer;
            this.buffer = '';
            return line;
          }
          throw new NoAnswer(question);
        }
        await new Promise<void>((resolve) => (this.waiting = resolve));
        this.waiting = undefined;
      }
    } finally {
      this.input.pause();
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

  /** Read a secret: on a terminal with echo off; from a pipe as one line (never echoed). */
  async secret(question: string): Promise<string> {
    this.output.write(question);
    const raw = this.interactive && typeof this.input.setRawMode === 'function';
    if (!raw) {
      const answer = await this.line(question);
      this.output.write('\n');
      return answer;
    }
    this.input.setRawMode!(true);
    try {
      this.listen();
      this.input.resume();
      let value = '';
      for (;;) {
        if (this.cancelled) throw this.cancelled;
        if (this.buffer === '') {
          if (this.ended) throw new NoAnswer(question);
          await new Promise<void>((resolve) => (this.waiting = resolve));
          this.waiting = undefined;
          continue;
        }
        const ch = this.buffer[0]!;
        this.buffer = this.buffer.slice(1);
        if (ch === '\r' || ch === '\n') break;
        if (ch === '\u0003') throw new NoAnswer(question);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
      this.output.write('\n');
      return value;
    } finally {
      this.input.setRawMode!(false);
      this.input.pause();
    }
  }
}
