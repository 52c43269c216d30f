// Parameters and the variables scripts read.
import { compilePattern, patternProblem } from '../parse/pattern.ts';
import { FLEET_ENV, scriptVars, WELL_KNOWN_VARS } from '../parse/vars.ts';
import { scriptPosition } from './script-position.ts';
import type { RunbookRule } from './types.ts';

export const parameterRules: RunbookRule[] = [
  {
    scope: 'runbook',
    id: 'param-duplicate',
    severity: 'error',
    description: 'Two parameters have the same name.',
    hint: 'Rename or remove one of them.',
    check({ runbook, at }, report) {
      const seen = new Set<string>();
      runbook.meta.parameters.forEach((p, index) => {
        if (seen.has(p.name)) report(at(`/parameters/${index}/name`), `Parameter \`${p.name}\` is declared twice`);
        seen.add(p.name);
      });
    },
  },
  {
    scope: 'runbook',
    id: 'param-secret-default',
    severity: 'error',
    description: 'A secret parameter has a default value.',
    hint: 'Remove the `default`: a secret in a runbook is a leaked secret.',
    check({ runbook, at }, report) {
      runbook.meta.parameters.forEach((p, index) => {
        if (p.secret && p.default !== undefined)
          report(at(`/parameters/${index}/default`), `Secret parameter \`${p.name}\` has a default; secrets must be entered at run time`);
      });
    },
  },
  {
    scope: 'runbook',
    id: 'param-pattern-invalid',
    severity: 'error',
    description: 'A parameter pattern is not a valid regular expression.',
    hint: 'Write a JavaScript regular expression, e.g. `^[a-z0-9.-]+$`.',
    check({ runbook, at }, report) {
      runbook.meta.parameters.forEach((p, index) => {
        const problem = p.pattern === undefined ? undefined : patternProblem(p.pattern);
        if (problem !== undefined)
          report(
            at(`/parameters/${index}/pattern`),
            `Pattern \`${p.pattern}\` of parameter \`${p.name}\` is not a valid regular expression (${problem}; read with the \`u\` flag, as browsers read it)`,
          );
      });
    },
  },
  {
    scope: 'runbook',
    id: 'param-default-pattern',
    severity: 'error',
    description: "A parameter's default does not match its own pattern.",
    hint: 'Fix the default or the pattern so that the default is accepted.',
    check({ runbook, at }, report) {
      runbook.meta.parameters.forEach((p, index) => {
        const re = p.pattern !== undefined ? compilePattern(p.pattern) : undefined;
        if (re && p.default !== undefined && !re.test(p.default))
          report(at(`/parameters/${index}/default`), `Default \`${p.default}\` of parameter \`${p.name}\` does not match its pattern \`${p.pattern}\``);
      });
    },
  },
  {
    scope: 'runbook',
    id: 'script-undeclared-var',
    severity: 'error',
    description: 'A script reads a variable that is not a parameter, not assigned in the script and not well known.',
    hint: 'Declare it under `parameters`, assign it in the same script, or fix its spelling.',
    check({ runbook, frontMatterParsed }, report) {
      if (!frontMatterParsed) return;
      const declared = new Set(runbook.meta.parameters.map((p) => p.name));
      for (const step of runbook.steps) {
        for (const [part, script] of [
          ['script', step.script],
          ['verify', step.verify],
          ['rollback', step.rollback],
        ] as const) {
          if (!script) continue;
          const { used, assigned } = scriptVars(script.code, script.lang);
          for (const [name, offset] of used) {
            if (declared.has(name) || assigned.has(name) || WELL_KNOWN_VARS.has(name) || (step.hosts !== undefined && FLEET_ENV.has(name))) continue;
            const where = part === 'script' ? '' : ` (${part})`;
            const known = [...declared]
              .slice(0, 4)
              .map((n) => `\`${n}\``)
              .join(', ');
            report(
              scriptPosition(script, offset),
              `Step \`${step.id}\`${where} reads \`$${name}\`, which is not a parameter of this runbook${known ? ` (${known})` : ''}, not assigned in the script and not a well-known variable`,
            );
          }
        }
      }
    },
  },
];
