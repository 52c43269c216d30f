// Fleet steps (`hosts`, `serial`, `max_fail`, `pause`): what they name must exist, what they
// say must parse, and only a step with a script can run on hosts.
import type { Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { parseMaxFail, parseSerial } from '../fleet/batches.ts';
import { hostGroups, hostParams } from '../fleet/select.ts';
import { parseDuration } from '../parse/duration.ts';
import { nodeSpan } from '../parse/mdx.ts';
import { isElement } from '../parse/steps.ts';
import type { Span, Step } from '../model.ts';
import type { ParserRule, RunbookRule } from './types.ts';

const FLEET_ATTRIBUTES = ['hosts', 'serial', 'max_fail', 'pause'] as const;

/** Each step with its <Step> element, for attribute positions. */
function fleetSteps(tree: Root, steps: Step[]): { step: Step; at: (name: string) => Span }[] {
  const elements = tree.children.filter((n): n is MdxJsxFlowElement => isElement(n, 'Step'));
  return steps.map((step, i) => {
    const element = elements[i];
    return {
      step,
      at: (name: string) => {
        const attr = element?.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name);
        return (attr && nodeSpan(attr)) ?? step.span;
      },
    };
  });
}

export const fleetRules: (RunbookRule | ParserRule)[] = [
  {
    scope: 'runbook',
    id: 'fleet-group-unknown',
    severity: 'error',
    description: 'A fleet step names an inventory group (`@group`) that the inventory does not have.',
    hint: 'Name a group of the inventory (`inventory:` in org.yaml, or --inventory), or add the group there.',
    check({ runbook, tree, org }, report) {
      for (const { step, at } of fleetSteps(tree, runbook.steps)) {
        if (step.hosts === undefined) continue;
        for (const group of hostGroups(step.hosts)) {
          if (!org?.inventory)
            report(
              at('hosts'),
              `Step \`${step.id}\` names the group \`@${group}\`, but there is no inventory; expected \`inventory:\` in org.yaml (or an inventory.yaml beside it)`,
            );
          else if (!org.inventory.groups.has(group)) {
            const known = [...org.inventory.groups.keys()].filter((g) => g !== 'all' && g !== 'ungrouped').slice(0, 4);
            report(at('hosts'), `Unknown inventory group \`@${group}\` in step \`${step.id}\`; expected one of ${known.map((g) => `\`@${g}\``).join(', ')}`);
          }
        }
      }
    },
  },
  {
    scope: 'runbook',
    id: 'fleet-hosts-undeclared',
    severity: 'error',
    description: "A fleet step's `hosts` reads a variable that is not a parameter of the runbook.",
    hint: 'Declare the parameter in the front-matter (`parameters:`), e.g. `{ name: STORES, description: Stores to patch }`.',
    check({ runbook, tree }, report) {
      const declared = runbook.meta.parameters.map((p) => p.name);
      for (const { step, at } of fleetSteps(tree, runbook.steps)) {
        for (const name of hostParams(step.hosts ?? '')) {
          if (!declared.includes(name))
            report(
              at('hosts'),
              `\`hosts\` of step \`${step.id}\` reads \`$${name}\`, which is not a parameter of this runbook${declared.length ? ` (${declared.map((d) => `\`${d}\``).join(', ')})` : ''}`,
            );
        }
      }
    },
  },
  {
    scope: 'runbook',
    id: 'fleet-attribute-invalid',
    severity: 'error',
    description: 'A fleet attribute (`hosts`, `serial`, `max_fail`, `pause`) has a value it cannot take, or comes without `hosts`.',
    hint: 'Write `hosts="$PARAM"` or `hosts="@group !@other"`, `serial="1,5,25%"`, `max_fail="0"` or `"10%"`, `pause="30m"`.',
    check({ runbook, tree }, report) {
      for (const { step, at } of fleetSteps(tree, runbook.steps)) {
        const given = FLEET_ATTRIBUTES.filter((a) => (a === 'max_fail' ? step.maxFail : step[a]) !== undefined);
        if (step.hosts === undefined) {
          for (const a of given)
            report(at(a), `\`${a}\` on step \`${step.id}\` has no effect without \`hosts\`; expected \`hosts="$PARAM"\` or \`hosts="@group"\` beside it`);
          continue;
        }
        if (step.hosts.trim() === '') report(at('hosts'), `\`hosts\` of step \`${step.id}\` is empty; expected \`$PARAM\` or \`@group\` words`);
        for (const word of step.hosts.split(/\s+/).filter(Boolean)) {
          if (!/^!?(@[A-Za-z0-9_.-]+|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|[A-Za-z0-9_][A-Za-z0-9_.:[\]-]*)$/.test(word))
            report(at('hosts'), `\`${word}\` in \`hosts\` of step \`${step.id}\` is not a host, \`$PARAM\`, \`@group\` or \`!@group\``);
        }
        if (step.serial !== undefined && !parseSerial(step.serial))
          report(at('serial'), `\`serial="${step.serial}"\` is not a list of counts from 1 and percentages up to 100; expected e.g. \`1,5,25%\``);
        if (step.maxFail !== undefined && !parseMaxFail(step.maxFail))
          report(at('max_fail'), `\`max_fail="${step.maxFail}"\` is not a count or a percentage; expected e.g. \`0\` or \`10%\``);
        if (step.pause !== undefined && !parseDuration(step.pause))
          report(at('pause'), `\`pause="${step.pause}"\` is not a duration; expected e.g. \`30s\`, \`30m\``);
        if (step.script && step.script.engine !== 'bash')
          report(
            step.script.span,
            `Step \`${step.id}\` runs on hosts with bash, but its script is \`${step.script.lang}\`; expected an \`sh\` or \`bash\` block`,
          );
      }
    },
  },
  {
    scope: 'runbook',
    id: 'fleet-manual-step',
    severity: 'error',
    description: 'A manual step (no script) has `hosts`: there is nothing to run on the hosts.',
    hint: 'Give the step an `sh` block to run on each host, or remove `hosts` and say in the prose what to do.',
    check({ runbook, tree }, report) {
      for (const { step, at } of fleetSteps(tree, runbook.steps)) {
        if (step.hosts !== undefined && step.kind === 'manual')
          report(
            at('hosts'),
            `Step \`${step.id}\` is manual (no script) but has \`hosts="${step.hosts}"\`; a fleet step needs an \`sh\` block to run on each host`,
          );
      }
    },
  },
  {
    scope: 'parser',
    id: 'inventory-invalid',
    severity: 'error',
    description: 'The Ansible inventory (`inventory:` in org.yaml, or --inventory) cannot be read or does not parse.',
    hint: 'Fix the inventory: YAML (`all:` with `hosts:`/`children:`), INI (`[group]`, `[group:children]`) or `ansible-inventory --list` JSON.',
  },
];
