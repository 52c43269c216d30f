// Run the real CLI as a child process, as a user would.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'opsbook.js');
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function opsbook(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp folder holding a copy of `fixture` (a folder under test/fixtures) as runbooks/. */
export function workspace(fixture = 'valid'): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-cli-'));
  cpSync(join(FIXTURES, fixture), join(dir, 'runbooks'), { recursive: true });
  return dir;
}
