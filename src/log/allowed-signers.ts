// Who may sign runs: the `signing_keys` of the people in org.yaml, as a lookup from key to
// person and as OpenSSH's allowed_signers format (`mberg namespaces="opsbook-run" ssh-ed25519 AAAA…`).
// A key that does not parse, or that two people list, names nobody (`check` reports both).
import type { Org } from '../model.ts';
import { parsePublicKey, type PublicKey } from './sshsig.ts';

export const NAMESPACE = 'opsbook-run';

export interface AllowedSigners {
  /** The person id a key belongs to, by key blob. */
  owner(key: PublicKey): string | undefined;
  /** Every person's keys as allowed_signers lines. */
  text(): string;
}

export function allowedSigners(org: Pick<Org, 'people'>): AllowedSigners {
  const owners = new Map<string, string[]>();
  const keys = new Map<string, PublicKey>();
  for (const person of org.people) {
    for (const line of person.signing_keys ?? []) {
      const parsed = parsePublicKey(line);
      if (!parsed.ok) continue;
      const list = owners.get(parsed.key.blob) ?? [];
      if (!list.includes(person.id)) list.push(person.id);
      owners.set(parsed.key.blob, list);
      keys.set(parsed.key.blob, parsed.key);
    }
  }
  const single = (blob: string): string | undefined => {
    const list = owners.get(blob);
    return list?.length === 1 ? list[0] : undefined;
  };
  return {
    owner: (key) => single(key.blob),
    text: () =>
      [...keys.values()]
        .filter((k) => single(k.blob) !== undefined)
        .map((k) => `${single(k.blob)} namespaces="${NAMESPACE}" ${k.type} ${k.blob}\n`)
        .join(''),
  };
}
