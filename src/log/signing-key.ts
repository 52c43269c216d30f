// The key a run (or an import) is signed with: `--signing-key <file>` or $OPSBOOK_SIGNING_KEY,
// a private key or the `.pub` of a key held in ssh-agent. It must sign (readable, no
// passphrase prompt, permissions OpenSSH accepts) and be one of the operator's
// `signing_keys` in org.yaml; otherwise the run is refused before its first step, in one line.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Org } from '../model.ts';
import { parseOrg } from '../parse/org.ts';
import { readRegularFile } from '../read-file.ts';
import { Refusal } from '../run/refusal.ts';
import { allowedSigners, type AllowedSigners } from './allowed-signers.ts';
import { requireSignedRuns } from './policy.ts';
import { SignError, Signer } from './sign.ts';
import { fingerprint } from './sshsig.ts';

export interface SigningRequest {
  /** The key file as given (`--signing-key`, else $OPSBOOK_SIGNING_KEY), or undefined. */
  keyFile: string | undefined;
  org: Org;
  /** The person the key must belong to. */
  operatorId: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A resume of a run that was signed: it must sign on. */
  resumesSigned?: boolean;
}

/**
 * The signer for the request; undefined when no key is given and the org's policy does not
 * require one. A key that cannot sign, or is not the operator's, is a Refusal.
 */
export function openSigningKey(r: SigningRequest): Signer | undefined {
  if (r.keyFile === undefined || r.keyFile === '') {
    if (r.resumesSigned)
      throw new Refusal(
        'This run was signed: its resume must sign on, or its end would be unsigned',
        'Pass --signing-key <your private key, or the .pub of a key in ssh-agent>, or set OPSBOOK_SIGNING_KEY.',
      );
    if (requireSignedRuns(r.org))
      throw new Refusal(
        `${r.org.path} requires signed runs (policy.require_signed_runs), and no signing key is given`,
        'Pass --signing-key <your private key, or the .pub of a key in ssh-agent>, or set OPSBOOK_SIGNING_KEY.',
      );
    return undefined;
  }
  const file = resolve(r.cwd, r.keyFile);
  let signer: Signer;
  try {
    signer = Signer.open(file, r.env);
  } catch (error) {
    if (error instanceof SignError) throw new Refusal(error.message, 'Name a key of yours that ssh-keygen can sign with: --signing-key ~/.ssh/id_ed25519');
    throw error;
  }
  const owner = allowedSigners(r.org).owner(signer.key);
  if (owner === undefined)
    throw new Refusal(
      `The signing key ${relative(r.cwd, file) || file} (${fingerprint(signer.key)}) is not in ${r.org.path}`,
      `Add its public key (\`ssh-keygen -y -f <key>\`) to the \`signing_keys\` of \`${r.operatorId}\`.`,
    );
  if (owner !== r.operatorId)
    throw new Refusal(
      `The signing key ${relative(r.cwd, file) || file} is a key of \`${owner}\`, not of the operator \`${r.operatorId}\``,
      'Sign with your own key.',
    );
  return signer;
}

/** The org file at `orgPath`, when it can be read and parsed. */
export function readOrg(orgPath: string): Org | undefined {
  if (!existsSync(orgPath)) return undefined;
  const read = readRegularFile(orgPath);
  return read.ok ? parseOrg(orgPath, read.bytes).org : undefined;
}

/** Who may sign, from the org file at `orgPath` when it can be read. */
export function signersOf(orgPath: string): AllowedSigners | undefined {
  const org = readOrg(orgPath);
  return org ? allowedSigners(org) : undefined;
}
