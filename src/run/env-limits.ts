// The kernel's limits on what a new process may be given: each environment string
// (`NAME=value` and its NUL) at most MAX_ARG_STRLEN, and all arguments and environment
// strings with their pointers within the limit execve derives from the stack size (ARG_MAX).
// A value over either would make every step fail with E2BIG; it is refused before the run.
import { readFileSync } from 'node:fs';

/** MAX_ARG_STRLEN: 32 pages of 4 KiB. */
export const MAX_ARG_STRLEN = 32 * 4096;

/** What execve accepts in total: a quarter of the stack limit, at most 6 MiB, at least 128 KiB. */
export function argMax(limits = readProcLimits()): number {
  const stack = /^Max stack size\s+(\d+|unlimited)/m.exec(limits)?.[1];
  const quarter = stack === undefined || stack === 'unlimited' ? Infinity : Number(stack) / 4;
  return Math.max(MAX_ARG_STRLEN, Math.min(6 * 1024 * 1024, quarter));
}

function readProcLimits(): string {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return '';
  }
}

export interface LimitProblem {
  message: string;
  hint: string;
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8') + 1;

/** Whether a process with this environment and these arguments can start; names never values. */
export function checkEnvLimits(env: Record<string, string>, args: string[], limit = argMax()): LimitProblem | undefined {
  const sizes = Object.entries(env).map(([name, value]) => ({ name, size: bytes(`${name}=${value}`) }));
  const hint = 'Pass a value this large as a file instead: a parameter holding its path, read by the step.';
  const big = sizes.find((s) => s.size > MAX_ARG_STRLEN);
  if (big)
    return {
      message: `\`${big.name}\` is ${big.size} bytes as an environment variable; the kernel passes at most ${MAX_ARG_STRLEN} bytes (128 KiB) per variable`,
      hint,
    };
  const total = [...sizes.map((s) => s.size), ...args.map(bytes)].reduce((a, b) => a + b, 0) + (sizes.length + args.length + 2) * 8;
  if (total <= limit) return undefined;
  const largest = [...sizes]
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map((s) => `\`${s.name}\` ${s.size} bytes`)
    .join(', ');
  return {
    message: `A step's environment and arguments would be ${total} bytes; the kernel accepts at most ${limit} (ARG_MAX, from the stack size limit). Largest: ${largest}`,
    hint,
  };
}
