// OpenSSH public keys and signatures read in-process: an org.yaml `signing_keys` line
// (`ssh-ed25519 AAAA… comment`) and an armored `-----BEGIN SSH SIGNATURE-----` (OpenSSH's
// PROTOCOL.sshsig), far enough to tell which key made a signature and for which namespace.
// Checking a signature is left to `ssh-keygen -Y verify` (src/log/sign.ts).
import { createHash } from 'node:crypto';

export interface PublicKey {
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, `sk-ssh-ed25519@openssh.com`, … */
  type: string;
  /** The key blob, base64 as OpenSSH writes it. */
  blob: string;
}

export const KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
];

/** Reads SSH wire-format strings (uint32 length, bytes) from a buffer. */
class Wire {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  string(): Buffer {
    if (this.at + 4 > this.bytes.length) throw new Error('truncated');
    const length = this.bytes.readUInt32BE(this.at);
    const start = this.at + 4;
    if (start + length > this.bytes.length) throw new Error('truncated');
    this.at = start + length;
    return this.bytes.subarray(start, start + length);
  }

  uint32(): number {
    if (this.at + 4 > this.bytes.length) throw new Error('truncated');
    const value = this.bytes.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }
}

/** An OpenSSH public key line, or why it is not one. */
export function parsePublicKey(line: string): { ok: true; key: PublicKey } | { ok: false; reason: string } {
  const [type, blob] = line.trim().split(/\s+/);
  if (!type || !blob) return { ok: false, reason: 'expected a key type and base64 data, as in a `.pub` file' };
  if (!KEY_TYPES.includes(type)) return { ok: false, reason: `\`${type}\` is not an OpenSSH key type (e.g. \`ssh-ed25519\`)` };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return { ok: false, reason: 'the key data is not base64' };
  let inner: string;
  try {
    inner = new Wire(Buffer.from(blob, 'base64')).string().toString('latin1');
  } catch {
    return { ok: false, reason: 'the key data is cut short' };
  }
  if (inner !== type) return { ok: false, reason: `the key data is a \`${inner}\` key, not \`${type}\`` };
  return { ok: true, key: { type, blob } };
}

/** `SHA256:…`, as `ssh-keygen -l` prints a key's fingerprint. */
export function fingerprint(key: PublicKey): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(key.blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

export interface SshSignature {
  key: PublicKey;
  namespace: string;
}

/** The signing key and namespace of an armored SSH signature; undefined when it is not one. */
export function readSignature(armored: string): SshSignature | undefined {
  const body = /^-----BEGIN SSH SIGNATURE-----\n([A-Za-z0-9+/=\n]+)-----END SSH SIGNATURE-----\n?$/.exec(armored)?.[1];
  if (!body) return undefined;
  const bytes = Buffer.from(body.replace(/\n/g, ''), 'base64');
  if (bytes.subarray(0, 6).toString('latin1') !== 'SSHSIG') return undefined;
  try {
    const wire = new Wire(bytes.subarray(6));
    if (wire.uint32() !== 1) return undefined;
    const blob = wire.string();
    const type = new Wire(blob).string().toString('latin1');
    const namespace = wire.string().toString('utf8');
    return { key: { type, blob: blob.toString('base64') }, namespace };
  } catch {
    return undefined;
  }
}
