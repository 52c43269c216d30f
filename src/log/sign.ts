// Signing with the operator's SSH key through OpenSSH itself (`ssh-keygen -Y sign -n
// opsbook-run`), so agent-held and hardware keys work, and checking a signature with
// `ssh-keygen -Y verify`. The key stays with ssh-keygen: only its path is an argument, the
// signed text travels on stdin, and ssh-keygen never asks for a passphrase (SSH_ASKPASS is
// `false`): a key with a passphrase is used from ssh-agent by naming its `.pub`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAMESPACE } from './allowed-signers.ts';
import { readSignature, type PublicKey } from './sshsig.ts';

/** What a signature of a run log or the ledger covers. */
export interface SignedHead {
  /** `opsbook-run v1` for a run log, `opsbook-ledger v1` for the ledger. */
  kind: 'run' | 'ledger';
  run: string;
  /** The runbook's content hash from the run-start. */
  runbook: string;
  /** Lines up to and including the signed one. */
  events: number;
  /** SHA-256 of the signed line without its `signature`. */
  head: string;
}

/** The exact text that is signed. */
export function signedText(h: SignedHead): string {
  return `opsbook-${h.kind} v1\nrun ${h.run}\nrunbook ${h.runbook}\nevents ${h.events}\nhead ${h.head}\n`;
}

/** A key that cannot sign, in one line. */
export class SignError extends Error {
  /** A system error to the run log (src/run/run-log.ts): a key that stops signing mid-run stops the run. */
  readonly code = 'ESIGN';

  constructor(message: string) {
    super(message);
    this.name = 'SignError';
  }
}

/** ssh-keygen's environment: no passphrase prompt, the agent if there is one, nothing else. */
function keygenEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: env.PATH ?? '/usr/bin:/bin',
    ...(env.HOME ? { HOME: env.HOME } : {}),
    ...(env.SSH_AUTH_SOCK ? { SSH_AUTH_SOCK: env.SSH_AUTH_SOCK } : {}),
    SSH_ASKPASS: 'false',
    SSH_ASKPASS_REQUIRE: 'force',
  };
}

/** Why ssh-keygen could not sign, from its last line of stderr. */
function why(stderr: string, file: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('@') && l !== 'Signing data on standard input');
  const text = lines.join(' ');
  if (/incorrect passphrase/.test(text)) return `${file} is protected by a passphrase: add it to ssh-agent (\`ssh-add ${file}\`) and pass its .pub`;
  if (/are too open/.test(text)) return `${file} may be read by others: \`chmod 600 ${file}\``;
  if (/agent/i.test(text) && /refused|not found|No such/i.test(text)) return `ssh-agent does not hold the key of ${file}: \`ssh-add\` it first`;
  if (/invalid format|No private key found|Couldn't load|not a key/i.test(text)) return `${file} is not an SSH key that can sign (${lines.at(-1)})`;
  return lines.at(-1) ?? 'ssh-keygen failed';
}

/** ssh-keygen ran but closed its input before reading it all (a spawn error that is not one). */
const broken = (error: Error): boolean => (error as NodeJS.ErrnoException).code === 'EPIPE';

export class Signer {
  private constructor(
    readonly file: string,
    readonly key: PublicKey,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * A signer for the private key `file`, or for the key of the public key `file` (`.pub`) held
   * in ssh-agent; a trial signature proves it works. Throws SignError saying why it does not.
   */
  static open(file: string, env: NodeJS.ProcessEnv): Signer {
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch (error) {
      throw new SignError(`Cannot read the signing key ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!isFile) throw new SignError(`The signing key ${file} is not a file`);
    const probe = new Signer(file, { type: '', blob: '' }, keygenEnv(env));
    const signature = probe.sshSign(signedText({ kind: 'run', run: 'probe', runbook: '0', events: 0, head: '0' }));
    const read = readSignature(signature);
    if (!read) throw new SignError(`ssh-keygen made no SSH signature with ${file}`);
    return new Signer(file, read.key, probe.env);
  }

  private sshSign(text: string): string {
    const r = spawnSync('ssh-keygen', ['-q', '-Y', 'sign', '-n', NAMESPACE, '-f', this.file], {
      input: text,
      env: this.env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    // EPIPE: ssh-keygen refused the key and exited before reading the text; its status and stderr say why.
    if (r.error && !broken(r.error))
      throw new SignError(`Cannot run ssh-keygen to sign (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): install OpenSSH`);
    if (r.status !== 0 || !r.stdout.startsWith('-----BEGIN SSH SIGNATURE-----'))
      throw new SignError(`Cannot sign with ${this.file}: ${why(r.stderr, this.file)}`);
    return r.stdout;
  }

  /** The armored SSH signature of `head`. */
  sign(head: SignedHead): string {
    return this.sshSign(signedText(head));
  }
}

/** Whether `signature` is a good `opsbook-run` signature of `head` by `key` (checked by ssh-keygen). */
export function verifySignature(key: PublicKey, head: SignedHead, signature: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-verify-'));
  try {
    writeFileSync(join(dir, 'allowed_signers'), `signer namespaces="${NAMESPACE}" ${key.type} ${key.blob}\n`);
    writeFileSync(join(dir, 'sig'), signature);
    const r = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', join(dir, 'allowed_signers'), '-I', 'signer', '-n', NAMESPACE, '-s', join(dir, 'sig')], {
      input: signedText(head),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      timeout: 60_000,
    });
    if (r.error && !broken(r.error))
      throw new SignError(`Cannot run ssh-keygen to verify signatures (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): install OpenSSH`);
    return r.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
