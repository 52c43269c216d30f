// bin/engine.js: the first run bundles the engine into node_modules/.cache/opsbook/, later
// runs reuse the bundle, a source change makes a new one, and where the cache cannot be
// written the sources run through tsx with the same result (and --debug says why). Under
// --debug a stack names the TypeScript sources; a missing package or a command module that
// fails to load is one line. Each case runs a copy of the package whose node_modules links
// to the real packages, so the real cache is not touched.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../../src/fingerprint.js';
import { FIXTURES } from './run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function packageCopy(cache: 'writable' | 'blocked', without?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-engine-'));
  for (const part of ['bin', 'src', 'schemas', 'package.json', 'package-lock.json'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true, preserveTimestamps: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(ROOT, 'node_modules')))
    if (entry !== '.cache' && entry !== without) symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
  if (cache === 'blocked') writeFileSync(join(dir, 'node_modules', '.cache'), 'not a folder');
  return dir;
}

const bundleDir = (root: string) => {
  const key = createHash('sha256')
    .update(process.version)
    .update(readFileSync(join(root, 'bin', 'engine.js')))
    .update(sourceFingerprint(root));
  return join(root, 'node_modules', '.cache', 'opsbook', key.digest('hex').slice(0, 16));
};

function opsbookIn(root: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'opsbook.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const check = (root: string, ...extra: string[]) =>
  opsbookIn(root, ['check', join(FIXTURES, 'valid'), '--no-cache', '--format', 'json', '--today', '2026-11-24', ...extra]);

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
    expect(direct.stderr).toBe('');
  });

  it('says why it fell back to the sources under --debug', () => {
    const root = packageCopy('blocked');
    const r = check(root, '--debug');
    expect(r.status, r.stderr).toBe(0);
    const cache = join(root, 'node_modules', '.cache', 'opsbook');
    expect(r.stderr).toBe(
      `opsbook: running the sources through tsx, because the engine bundle could not be made in ${cache}: ENOTDIR: not a directory, mkdir '${cache}'\n`,
    );
  });

  it('maps a --debug stack of the bundle to the TypeScript file and line', () => {
    const root = packageCopy('writable');
    // An internal error planted in the copy: the first statement of the argument parser throws.
    const file = join(root, 'src', 'cli', 'args.ts');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('export function parse')) + 1;
    lines.splice(at, 0, "  throw new Error('planted');");
    writeFileSync(file, lines.join('\n'));
    const r = check(root, '--debug');
    expect(existsSync(join(bundleDir(root), 'cli.mjs.map'))).toBe(true);
    expect(r.status).toBe(2);
    const stderr = r.stderr.split('\n');
    expect(stderr.slice(0, 3)).toEqual(['opsbook check: internal error: planted', `This is a bug in opsbook ${VERSION}; please report it.`, 'Error: planted']);
    expect(stderr[3]).toBe(`    at parse (${file}:${at + 1}:9)`);
    expect(r.stderr).toContain(`(${join(root, 'src', 'cli', 'main.ts')}:`);
    expect(r.stderr).not.toContain('.mjs:');
    expect(check(root).stderr).not.toContain('at parse');
  });

  it.each(['writable', 'blocked'] as const)('names a missing package in one line (cache %s), the stack only with --debug', (cache) => {
    const root = packageCopy(cache, 'lunr');
    expect(check(root).status).toBe(0);
    const r = opsbookIn(root, ['search', 'restart']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`opsbook search: the package \`lunr\` is not installed; run \`npm ci\` in ${root}\n`);
    const debug = opsbookIn(root, ['search', 'restart', '--debug']);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toContain(`${r.stderr}Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'lunr' imported from `);
  });

  it('names a missing package of the loader itself in one line', () => {
    const root = packageCopy('blocked', 'tsx');
    const r = check(root);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`opsbook: the package \`tsx\` is not installed; run \`npm ci\` in ${root}\n`);
    expect(check(root, '--debug').stderr).toContain(`${r.stderr.slice(0, -1)}\nError [ERR_MODULE_NOT_FOUND]: Cannot find package 'tsx'`);
  });

  it('tells a command module that fails to load in one line, the stack only with --debug', () => {
    const root = packageCopy('writable');
    appendFileSync(join(root, 'src', 'cli', 'commands', 'new.ts'), "\nthrow new Error('planted at load');\n");
    const r = opsbookIn(root, ['new', '--help']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `opsbook new: cannot load the command: planted at load; this is a bug in opsbook ${VERSION}, please report it (run again with --debug for the stack)\n`,
    );
    const debug = opsbookIn(root, ['new', '--help', '--debug']);
    expect(debug.stderr.split('\n').slice(0, 2)).toEqual([
      `opsbook new: cannot load the command: planted at load; this is a bug in opsbook ${VERSION}, please report it`,
      'Error: planted at load',
    ]);
    expect(debug.stderr).toContain(`(${join(root, 'src', 'cli', 'commands', 'new.ts')}:`);
    expect(check(root).status).toBe(0);
  });
});
