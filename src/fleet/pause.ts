// The wait between two batches: a countdown the operator can cut short ([g]o) or turn into
// an abort ([a]bort) on a terminal; without one, a plain wait with a line saying so.
import { NoAnswer, type Prompter } from '../run/prompt.ts';

function clock(ms: number): string {
  const s = Math.ceil(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  return `${h ? `${h}:` : ''}${mm}:${String(s % 60).padStart(2, '0')}`;
}

/** Resolves with `stop` when `signal` aborts (Ctrl-C, a stop signal), at once. */
export function stopped(signal: AbortSignal): Promise<'stop'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('stop');
    else signal.addEventListener('abort', () => resolve('stop'), { once: true });
  });
}

/**
 * Resolves `go` when the time is up or the operator cuts it short, `abort` when they abort,
 * `stop` as soon as `signal` aborts.
 */
export async function pauseBetweenBatches(
  ms: number,
  next: string,
  prompter: Prompter,
  out: NodeJS.WritableStream,
  signal: AbortSignal,
): Promise<'go' | 'abort' | 'stop'> {
  const until = Date.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<'go'>((r) => (timer = setTimeout(() => r('go'), ms)));
  if (!prompter.interactive) {
    out.write(`Pausing ${clock(ms)} before ${next}.\n`);
    try {
      return await Promise.race([elapsed, stopped(signal)]);
    } finally {
      clearTimeout(timer);
    }
  }
  const question = () => `\r\x1b[KPause: ${next} in ${clock(until - Date.now())} — [g]o now / [a]bort? `;
  const ticker = setInterval(() => out.write(question()), 1000);
  try {
    const answer = prompter.choose(question(), ['g', 'a']).catch((error: unknown) => {
      if (error instanceof NoAnswer) return new Promise<string>(() => undefined);
      throw error;
    });
    const key = await Promise.race([answer, elapsed, stopped(signal)]);
    out.write('\n');
    return key === 'stop' ? 'stop' : key === 'a' ? 'abort' : 'go';
  } finally {
    clearInterval(ticker);
    if (timer) clearTimeout(timer);
  }
}
