// `opsbook build --out` replaces only what an earlier build made: every other folder that
// holds something of the user's is refused with exit 2 and one line, and nothing is deleted.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, opsbook, workspace } from '../cli/run-cli.ts';

/** Every file under `dir`, relative, sorted: what must still be there after a refusal. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

function refuses(args: string[], cwd: string, watched: string, reason: RegExp, env: Record<string, string> = {}): void {
  const before = tree(watched);
  const r = opsbook(['build', ...args], { cwd, env });
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(reason);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
  expect(tree(watched)).toEqual(before);
}

describe('opsbook build --out refuses what it did not build', () => {
  const dir = workspace();
  writeFileSync(join(dir, 'notes.txt'), 'mine\n');

  it('refuses the project folder and the folders above it', () => {
    refuses(['--out', '.'], dir, dir, /^opsbook build: --out `\.` is the project folder; /);
    refuses(['--out', '..'], dir, dir, /--out `\.\.` is a folder above the project/);
  });

  it('refuses the runbooks folder and anything inside it', () => {
    refuses(['--out', 'runbooks'], dir, dir, /--out `runbooks` is the runbooks folder/);
    refuses(['--out', 'runbooks/mailbox'], dir, dir, /--out `runbooks\/mailbox` is inside the runbooks folder/);
    refuses(['--out', 'runbooks/new-site'], dir, dir, /is inside the runbooks folder/);
  });

  it('refuses a folder that holds the runbooks of --root', () => {
    const project = mkdtempSync(join(tmpdir(), 'opsbook-proj-'));
    refuses(['--root', join(dir, 'runbooks'), '--out', dir], project, dir, /holds the runbooks folder/);
  });

  it('refuses the home folder and the root of the file system', () => {
    const home = mkdtempSync(join(tmpdir(), 'opsbook-home-'));
    writeFileSync(join(home, '.bashrc'), '# mine\n');
    refuses(['--root', join(dir, 'runbooks'), '--out', home], dir, home, /--out `.*` is your home folder/, { HOME: home });
    refuses(['--out', '/'], dir, dir, /--out `\/` is the root of the file system/);
  });

  it('refuses a non-empty folder without the marker, a file and a symbolic link', () => {
    const other = join(dir, 'public');
    mkdirSync(other);
    writeFileSync(join(other, 'index.html'), "someone else's site\n");
    refuses(['--out', 'public'], dir, dir, /--out `public` is not empty and was not built by opsbook \(it has no \.opsbook-site\)/);
    refuses(['--out', 'notes.txt'], dir, dir, /--out `notes\.txt` is a file, not a folder/);
    symlinkSync(other, join(dir, 'link'));
    refuses(['--out', 'link'], dir, dir, /--out `link` is a symbolic link/);
    expect(readFileSync(join(other, 'index.html'), 'utf8')).toBe("someone else's site\n");
  });
});

describe('opsbook build --out replaces what it built', () => {
  it('builds into an empty folder, marks it, replaces it on the next build, and keeps it when a build fails', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'site'));
    const first = opsbook(['build', '--out', 'site'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(existsSync(join(dir, 'site', '.opsbook-site'))).toBe(true);
    // A file the build did not write goes with the folder it was put in.
    writeFileSync(join(dir, 'site', 'stale.html'), 'old\n');
    const second = opsbook(['build', '--out', 'site'], { cwd: dir });
    expect(second.status, second.stderr).toBe(0);
    expect(existsSync(join(dir, 'site', 'stale.html'))).toBe(false);
    expect(existsSync(join(dir, 'site', '.opsbook-site'))).toBe(true);
    const home = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    writeFileSync(join(dir, 'site', 'stale.html'), 'old\n');
    // The build fails after the check passed: the run-log folder is a file that cannot be read.
    writeFileSync(join(dir, 'logs'), 'not a folder\n');
    const failed = opsbook(['build', '--out', 'site'], { cwd: dir, env: { OPSBOOK_LOG_DIR: 'logs' } });
    expect(failed.status).toBe(2);
    expect(failed.stderr.split('\n')[0]).toBe(`opsbook build: Cannot read run logs in ${join(dir, 'logs')}: it is a file, not a folder (ENOTDIR)`);
    expect(readFileSync(join(dir, 'site', 'index.html'), 'utf8')).toBe(home);
    expect(existsSync(join(dir, 'site', 'stale.html'))).toBe(true);
    // No half-built folder is left next to the site or in the project.
    expect(readdirSync(dir).sort()).toEqual(['logs', 'runbooks', 'site']);
  }, 240_000);
});

describe('opsbook build --out where nothing can be written', () => {
  const ro = mkdtempSync(join(tmpdir(), 'opsbook-ro-out-'));
  const small = mkdtempSync(join(tmpdir(), 'opsbook-full-out-'));
  const mounted =
    spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]).status === 0 &&
    spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status === 0;
  afterAll(() => {
    for (const dir of [ro, small]) {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const fails = (out: string, why: RegExp) => {
    const dir = workspace();
    const r = opsbook(['build', '--out', out], { cwd: dir });
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(why);
    expect(r.stderr).not.toMatch(/internal error|bug in opsbook|^\s+at /m);
    expect(lines.length, r.stderr).toBeLessThanOrEqual(2);
    expect(readdirSync(dir).sort()).toEqual(['runbooks']);
  };

  it('says in one line that a folder under /proc cannot be written, not that opsbook has a bug', () => {
    fails('/proc/site', /^opsbook build: Cannot write the manual into `\/proc\/site`: .*\((ENOENT|EACCES|EROFS)\)$/);
  });

  it.skipIf(!mounted)(
    'says so for a read-only file system, and for a full disk, leaving nothing half-built',
    () => {
      fails(join(ro, 'site'), /^opsbook build: Cannot write the manual into `.*`: the file system is read-only \(EROFS\)$/);
      fails(join(small, 'site'), /^opsbook build: Cannot write the manual into `.*`: no space left on the device \(ENOSPC\)$/);
      expect(readdirSync(small)).toEqual([]);
    },
    240_000,
  );
});

describe('opsbook build stopped part way', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while Astro builds leaves no half-built folder next to --out or in the project`, async () => {
      const dir = workspace();
      const child = spawn(process.execPath, [BIN, 'build', '--out', 'site'], { cwd: dir, stdio: 'ignore' });
      const closed = new Promise<number | null>((resolve) => child.on('close', (code, sig) => resolve(code ?? (sig ? 128 : null))));
      // The build's own folder appears once the check has passed; Astro writes into it after.
      while (!readdirSync(dir).some((f) => f.startsWith('.site.opsbook-'))) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 2000));
      child.kill(signal);
      expect(await closed).not.toBe(0);
      expect(readdirSync(dir)).toEqual(['runbooks']);
    }, 120_000);
  }
});
