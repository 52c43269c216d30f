// Real OpenSSH keys for the signing tests, made with ssh-keygen, and a workspace whose org
// file lists them: mberg (the OS user running the tests) and akhan each have a key.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runbook, runWorkspace, sh } from '../run/fixture.ts';
import { opsbook, type CliResult } from '../cli/run-cli.ts';

export interface Key {
  /** The private key file. */
  file: string;
  pub: string;
  /** The public key line, as org.yaml lists it. */
  line: string;
}

export function makeKey(dir: string, name: string, passphrase = ''): Key {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', `${name}@test`, '-f', file]);
  return { file, pub: `${file}.pub`, line: readFileSync(`${file}.pub`, 'utf8').trim() };
}

export const THREE = runbook(
  'three',
  [],
  `<Step id="a" title="A">\n\n${sh('echo a')}\n</Step>\n\n<Step id="b" title="B">\n\n${sh('echo b')}\n<Verify>\n${sh('true')}\n</Verify>\n</Step>\n\n<Step id="c" title="C">\n\n${sh('echo c')}\n</Step>`,
);

export interface SignWorkspace {
  dir: string;
  logs: string;
  mberg: Key;
  akhan: Key;
  /** `opsbook <args>` in the workspace. */
  cli: (args: string[], env?: Record<string, string>) => CliResult;
  /** A signed run of `three` (or `id`); its run id. */
  signedRun: (id?: string) => string;
}

/** A workspace with `three` and any other runbooks, mberg's and akhan's keys in org.yaml (plus `orgExtra`). */
export function signWorkspace(runbooks: Record<string, string> = {}, orgExtra = ''): SignWorkspace {
  const w = runWorkspace({ three: THREE, ...runbooks });
  const mberg = makeKey(w.dir, 'mberg_key');
  const akhan = makeKey(w.dir, 'akhan_key');
  const orgFile = join(w.dir, 'runbooks', 'org.yaml');
  const org = readFileSync(orgFile, 'utf8')
    .replace(/(usernames: \[mberg, [^\]]+\]) \}/, `$1, signing_keys: ["${mberg.line}"] }`)
    .replace(
      '{ id: akhan, name: Aisha Khan, contact: { email: akhan@example.net } }',
      `{ id: akhan, name: Aisha Khan, contact: { email: akhan@example.net }, signing_keys: ["${akhan.line}"] }`,
    );
  writeFileSync(orgFile, org + orgExtra);
  const cli = (args: string[], env: Record<string, string> = {}) => opsbook(args, { cwd: w.dir, env: { OPSBOOK_SIGNING_KEY: '', ...env } });
  const signedRun = (id = 'three') => {
    const r = cli(['run', id, '--yes', '--log-dir', w.logs, '--signing-key', mberg.file]);
    if (r.status !== 0) throw new Error(`the signed run failed: ${r.stderr}`);
    return /Log: .*\/(\d{8}T\d{6}Z-[0-9a-f]{6})\.jsonl/.exec(r.stdout)![1];
  };
  return { dir: w.dir, logs: w.logs, mberg, akhan, cli, signedRun };
}
