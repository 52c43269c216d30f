// The git commit of the repository holding a runbook, recorded in the run log when known.
import { execFileSync } from 'node:child_process';

/** `git rev-parse HEAD` in `cwd`, or undefined outside a repository (or without git). */
export function gitCommit(cwd: string): string | undefined {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 })
        .toString()
        .trim() || undefined
    );
  } catch {
    return undefined;
  }
}
