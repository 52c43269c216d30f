// A timeout of any length. Node's timers hold at most 2^31 − 1 ms (about 24.8 days); a longer
// delay fires at once. A long delay is waited out as a chain of shorter timers.

const MAX_DELAY = 2 ** 31 - 1;

/** Call `fn` once after `ms` milliseconds; returns a function that cancels it. */
export function after(ms: number, fn: () => void): () => void {
  const due = performance.now() + ms;
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    const left = due - performance.now();
    if (left > MAX_DELAY) timer = setTimeout(arm, MAX_DELAY);
    else timer = setTimeout(fn, Math.max(0, left));
  };
  arm();
  return () => clearTimeout(timer);
}
