// zx steps: what a `$` command interpolates becomes part of `bash -c`'s command line, which
// every user of the host can read (ps, /proc/<pid>/cmdline). A secret must stay in the
// environment, where the shell reads it (`$TOKEN` inside the command).
import { envInCommands } from '../parse/zx.ts';
import { scriptPosition } from './script-position.ts';
import type { RunbookRule } from './types.ts';

export const zxRules: RunbookRule[] = [
  {
    scope: 'runbook',
    id: 'zx-secret-interpolation',
    severity: 'error',
    description: "A zx step interpolates a secret parameter into a `$` command, which puts it on bash's world-readable command line.",
    hint: 'Write `$NAME` inside the command instead of `${process.env.NAME}`, so the shell reads the secret from its environment (e.g. ``$`curl -H "Authorization: Bearer $TOKEN" …` ``).',
    check({ runbook }, report) {
      const secrets = new Set(runbook.meta.parameters.filter((p) => p.secret).map((p) => p.name));
      if (secrets.size === 0) return;
      for (const step of runbook.steps) {
        for (const [part, script] of [
          ['', step.script],
          [' (verify)', step.verify],
          [' (rollback)', step.rollback],
        ] as const) {
          if (!script || script.engine !== 'zx') continue;
          for (const read of envInCommands(script.code)) {
            if (!secrets.has(read.name)) continue;
            report(
              scriptPosition(script, read.offset),
              `Step \`${step.id}\`${part} puts secret parameter \`${read.name}\` (\`${read.text}\`) into a zx \`$\` command; zx passes it on \`bash -c\`'s command line, which every user of the host can read`,
              `Write \`$${read.name}\` inside the command instead, so the shell reads it from the environment.`,
            );
          }
        }
      }
    },
  },
];
