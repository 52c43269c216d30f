// Which keys a run may be signed with: the operator's own, from a file or from ssh-agent. A
// key that cannot sign, or is someone else's, or none when the policy requires one, is
// refused in one line before the first step, and no log is started.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeKey, signWorkspace } from './keys.ts';

const runArgs = (logs: string, ...extra: string[]) => ['run', 'three', '--yes', '--log-dir', logs, ...extra];
const noLog = (logs: string) => !existsSync(logs) || readdirSync(logs).filter((f) => f.endsWith('.jsonl')).length === 0;

describe('refused before step 1, in one line', () => {
  const w = signWorkspace();
  const refused = (extra: string[], env: Record<string, string> = {}) => {
    const r = w.cli(runArgs(w.logs, ...extra), env);
    expect(r.status).toBe(2);
    expect(r.stdout).not.toContain('Step 1/3');
    expect(noLog(w.logs)).toBe(true);
    return r.stderr.split('\n')[0];
  };

  it("a key of a person who is not the operator (akhan's key, mberg running)", () => {
    expect(refused(['--signing-key', w.akhan.file])).toBe('opsbook run: The signing key akhan_key is a key of `akhan`, not of the operator `mberg`');
  });

  it('a key that is not in org.yaml', () => {
    const stranger = makeKey(w.dir, 'stranger_key');
    expect(refused(['--signing-key', stranger.file])).toMatch(
      /^opsbook run: The signing key stranger_key \(SHA256:[A-Za-z0-9+/]{43}\) is not in runbooks\/org\.yaml$/,
    );
  });

  it('a key file that does not exist, or is a folder, or is not a key', () => {
    expect(refused(['--signing-key', 'missing_key'])).toBe(`opsbook run: Cannot read the signing key ${join(w.dir, 'missing_key')} (ENOENT)`);
    mkdirSync(join(w.dir, 'folder'));
    expect(refused(['--signing-key', 'folder'])).toBe(`opsbook run: The signing key ${join(w.dir, 'folder')} is not a file`);
    writeFileSync(join(w.dir, 'junk'), 'not a key\n', { mode: 0o600 });
    expect(refused(['--signing-key', 'junk'])).toMatch(/^opsbook run: Cannot sign with .*\/junk: .*junk is not an SSH key that can sign/);
  });

  it('a key readable by others, as OpenSSH refuses it', () => {
    const open = makeKey(w.dir, 'open_key');
    chmodSync(open.file, 0o644);
    expect(refused(['--signing-key', open.file])).toBe(
      `opsbook run: Cannot sign with ${open.file}: ${open.file} may be read by others: \`chmod 600 ${open.file}\``,
    );
  });

  it('a key with a passphrase, never prompting for it (from $OPSBOOK_SIGNING_KEY too)', () => {
    const locked = makeKey(w.dir, 'locked_key', 'correct horse');
    const line = refused([], { OPSBOOK_SIGNING_KEY: locked.file });
    expect(line).toBe(
      `opsbook run: Cannot sign with ${locked.file}: ${locked.file} is protected by a passphrase: add it to ssh-agent (\`ssh-add ${locked.file}\`) and pass its .pub`,
    );
  });

  it('no key when policy.require_signed_runs is true', () => {
    const strict = signWorkspace({}, 'policy:\n  require_signed_runs: true\n');
    const r = strict.cli(runArgs(strict.logs));
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('opsbook run: runbooks/org.yaml requires signed runs (policy.require_signed_runs), and no signing key is given');
    expect(noLog(strict.logs)).toBe(true);
    expect(strict.cli(runArgs(strict.logs, '--signing-key', strict.mberg.file)).status).toBe(0);
  });
});

describe('a run without a key when the policy does not require one', () => {
  it('runs with a warning, and verify reports it unsigned (an error with --require-signed)', () => {
    const w = signWorkspace();
    const r = w.cli(runArgs(w.logs));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Warning: this run is not signed (no --signing-key): `opsbook log verify` reports it unsigned.\n');
    const v = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/ok {6}logs\/\S+\.jsonl \(\d+ events\), not signed\n {8}warning: not signed\n/);
    const strict = w.cli(['log', 'verify', '--all', '--require-signed', '--log-dir', w.logs]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/FAILED {2}logs\/\S+\.jsonl:1: not signed, and --require-signed is given\n/);
  });
});

describe('a key held in ssh-agent, named by its .pub', () => {
  const agents: number[] = [];
  afterAll(() => agents.forEach((pid) => process.kill(pid)));

  it('signs every checkpoint without the private key being readable', async () => {
    const w = signWorkspace();
    const locked = makeKey(w.dir, 'agent_key', 'pass phrase');
    // mberg's key in org.yaml is now the agent's key.
    const org = join(w.dir, 'runbooks', 'org.yaml');
    const { readFileSync } = await import('node:fs');
    writeFileSync(org, readFileSync(org, 'utf8').replace(w.mberg.line, locked.line));
    const socket = join(w.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    agents.push(agent.pid!);
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const askpass = join(w.dir, 'askpass');
    writeFileSync(askpass, "#!/bin/sh\necho 'pass phrase'\n", { mode: 0o700 });
    const added = spawnSync('ssh-add', [locked.file], {
      env: { ...process.env, SSH_AUTH_SOCK: socket, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force' },
      stdio: 'ignore',
    });
    expect(added.status).toBe(0);
    // Without the agent the .pub cannot sign (the private key beside it has a passphrase) …
    expect(w.cli(runArgs(w.logs, '--signing-key', locked.pub), { SSH_AUTH_SOCK: '' }).status).toBe(2);
    // … with it, the run is signed.
    const r = w.cli(runArgs(w.logs, '--signing-key', locked.pub), { SSH_AUTH_SOCK: socket });
    expect(r.status).toBe(0);
    const v = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/ok {6}logs\/\S+\.jsonl \(20 events\), signed by mberg\n/);
  });
});
