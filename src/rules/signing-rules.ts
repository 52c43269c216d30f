// The keys that sign runs (people[].signing_keys) and the policy that requires them.
import { fingerprint, parsePublicKey } from '../log/sshsig.ts';
import { requireSignedRuns } from '../log/policy.ts';
import type { OrgRule } from './types.ts';

export const signingRules: OrgRule[] = [
  {
    scope: 'org',
    id: 'signing-key-invalid',
    severity: 'error',
    description: 'A signing key is not an OpenSSH public key.',
    hint: 'Paste the whole line of the `.pub` file (`ssh-keygen -y -f <key>` prints it), e.g. `ssh-ed25519 AAAA… you@host`.',
    check(org, report) {
      org.people.forEach((person, p) => {
        (person.signing_keys ?? []).forEach((line, k) => {
          const parsed = parsePublicKey(line);
          if (!parsed.ok)
            report(
              org.positions.get(`/people/${p}/signing_keys/${k}`),
              `Signing key ${k + 1} of \`${person.id}\` is not an OpenSSH public key: ${parsed.reason}`,
            );
        });
      });
    },
  },
  {
    scope: 'org',
    id: 'signing-key-shared',
    severity: 'error',
    description: 'Two people list the same signing key.',
    hint: 'A signature must name one person: each person signs with a key of their own (`ssh-keygen -t ed25519`).',
    check(org, report) {
      const first = new Map<string, string>();
      org.people.forEach((person, p) => {
        (person.signing_keys ?? []).forEach((line, k) => {
          const parsed = parsePublicKey(line);
          if (!parsed.ok) return;
          const owner = first.get(parsed.key.blob);
          if (owner === undefined) first.set(parsed.key.blob, person.id);
          else if (owner !== person.id)
            report(
              org.positions.get(`/people/${p}/signing_keys/${k}`),
              `Signing key ${fingerprint(parsed.key)} of \`${person.id}\` is also a signing key of \`${owner}\``,
            );
        });
      });
    },
  },
  {
    scope: 'org',
    id: 'signing-key-missing',
    severity: 'warning',
    description: 'With `policy.require_signed_runs`, an active team member has no signing key: they cannot run a runbook.',
    hint: 'Add the public key they sign with to their `signing_keys` (the line of their `.pub` file).',
    check(org, report) {
      if (!requireSignedRuns(org)) return;
      const members = new Set(org.teams.flatMap((t) => t.members));
      org.people.forEach((person, p) => {
        if (person.active && members.has(person.id) && !(person.signing_keys ?? []).length)
          report(
            org.positions.get(`/people/${p}/id`),
            `\`${person.id}\` has no \`signing_keys\`, and \`policy.require_signed_runs\` is true: \`opsbook run\` will refuse them`,
          );
      });
    },
  },
];
