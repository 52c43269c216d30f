// What of a step's output may be shown and logged: secrets redacted however the output is cut
// into chunks, and the log's share bounded to a head and a tail.

/** Replace each secret value in `text` by `[redacted]`. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Redacts secrets from a stream that arrives in chunks: a secret split across two chunks is
 * still caught, because the last characters that could start a secret are held back until
 * the next chunk (or the end of the stream) shows whether they do.
 */
export class StreamRedactor {
  private carry = '';
  private readonly hold: number;
  private readonly secrets: string[];

  constructor(secrets: string[]) {
    this.secrets = secrets.filter((s) => s.length >= 3);
    this.hold = Math.max(0, ...this.secrets.map((s) => s.length - 1));
  }

  /** Text that is safe to show now. */
  push(text: string): string {
    const all = this.carry + text;
    let cut = Math.max(0, all.length - this.hold);
    // A whole secret that the cut would split is complete: redact it now, cut after it.
    for (let moved = true; moved;) {
      moved = false;
      for (const secret of this.secrets) {
        for (let at = all.indexOf(secret); at !== -1 && at < cut; at = all.indexOf(secret, at + 1)) {
          if (at + secret.length > cut) {
            cut = at + secret.length;
            moved = true;
          }
        }
      }
    }
    this.carry = all.slice(cut);
    return redact(all.slice(0, cut), this.secrets);
  }

  /** The rest, at the end of the stream. */
  end(): string {
    const rest = redact(this.carry, this.secrets);
    this.carry = '';
    return rest;
  }
}

/** Output kept for the log: the first `head` bytes as they come, then only the last `tail`. */
export class OutputBound {
  private headUsed = 0;
  private tailText = '';
  dropped = 0;
  constructor(
    private readonly head = 64 * 1024,
    private readonly tail = 64 * 1024,
  ) {}

  /** Text to log now (head part); the rest is kept for the tail. */
  take(text: string): string {
    if (this.headUsed < this.head) {
      const room = this.head - this.headUsed;
      const now = text.slice(0, room);
      this.headUsed += now.length;
      if (now.length === text.length) return now;
      this.keepTail(text.slice(room));
      return now;
    }
    this.keepTail(text);
    return '';
  }

  private keepTail(text: string): void {
    this.tailText += text;
    if (this.tailText.length > this.tail) {
      this.dropped += this.tailText.length - this.tail;
      this.tailText = this.tailText.slice(-this.tail);
    }
  }

  /** The tail at the end of the step. */
  finish(): string {
    const t = this.tailText;
    this.tailText = '';
    return t;
  }
}
