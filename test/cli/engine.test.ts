// bin/engine.js: the first run bundles the engine into node_modules/.cache/opsbook/, later
// runs reuse the bundle, a source change makes a new one, and where the cache cannot be
// written the sources run through tsx with the same result. Each case runs a copy of the
// package whose node_modules links to the real packages, so the real cache is not touched.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../../src/fingerprint.js';
import { FIXTURES } from './run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function packageCopy(cache: 'writable' | 'blocked'): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-engine-'));
  for (const part of ['bin', 'src', 'schemas', 'package.json', 'package-lock.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) if (entry !== '.cache') symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
  if (cache === 'blocked') writeFileSync(join(dir, 'node_modules', '.cache'), 'not a folder');
  return dir;
}

const bundleDir = (root: string) => join(root, 'node_modules', '.cache', 'opsbook', createHash('sha256').update(process.version).update(sourceFingerprint(root)).digest('hex').slice(0, 16));

function check(root: string) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'opsbook.js'), 'check', join(FIXTURES, 'valid'), '--no-cache', '--format', 'json', '--today', '2026-11-24'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the engine bundle', () => {
  it('is built on the first run, reused after, and rebuilt when a source changes', () => {
    const root = packageCopy('writable');
    const first = check(root);
    expect(first.status, first.stderr).toBe(0);
    const bundle = bundleDir(root);
    expect(existsSync(join(bundle, 'cli.mjs'))).toBe(true);
    const made = statSync(join(bundle, 'cli.mjs')).mtimeMs;
    const second = check(root);
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(join(bundle, 'cli.mjs')).mtimeMs).toBe(made);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'src', 'model.ts'), later, later);
    expect(check(root).stdout).toBe(first.stdout);
    expect(bundleDir(root)).not.toBe(bundle);
    expect(existsSync(join(bundleDir(root), 'cli.mjs'))).toBe(true);
  });

  it('falls back to running the sources when the cache cannot be written, with the same output', () => {
    const bundled = check(packageCopy('writable'));
    const root = packageCopy('blocked');
    const direct = check(root);
    expect(direct.status, direct.stderr).toBe(0);
    expect(direct.stdout).toBe(bundled.stdout);
  });
});
