// The hash chain of a run log: each line carries its sequence number and the SHA-256 of the
// line before it, so a removed, reordered or edited line is detectable. Shared by the runner,
// `opsbook log import` and the browser's run record; the hash function is passed in so the
// browser can use the plain-JavaScript one.
import type { RunEvent } from './events.ts';

export const GENESIS = '0'.repeat(64);

export interface ChainState {
  /** Sequence number of the next line. */
  seq: number;
  /** Hash of the last line written (GENESIS before the first). */
  prev: string;
}

export type EventBody = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'v' | 'seq' | 'prev'> : never) : never;

/** The JSON line (without newline) for `body` at the chain's head, and the head after it. */
export function seal(body: EventBody, state: ChainState, hash: (text: string) => string): { line: string; state: ChainState } {
  const line = JSON.stringify({ v: 1, seq: state.seq, prev: state.prev, ...body });
  return { line, state: { seq: state.seq + 1, prev: hash(line) } };
}

/** Seal a whole list of events as a fresh log. */
export function sealAll(bodies: EventBody[], hash: (text: string) => string): string[] {
  let state: ChainState = { seq: 0, prev: GENESIS };
  return bodies.map((body) => {
    const sealed = seal(body, state, hash);
    state = sealed.state;
    return sealed.line;
  });
}
