// The shape of each <Step>.
import type { Root } from 'mdast';
import type { MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { nodeSpan } from '../parse/mdx.ts';
import { isElement, isScript } from '../parse/steps.ts';
import type { RunbookRule } from './types.ts';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const STEP_ATTRIBUTES = new Set(['id', 'title', 'confirm', 'timeout', 'tier', 'hosts', 'serial', 'max_fail', 'pause']);

function stepElements(tree: Root): MdxJsxFlowElement[] {
  return tree.children.filter((n): n is MdxJsxFlowElement => isElement(n, 'Step'));
}

export const stepRules: RunbookRule[] = [
  {
    scope: 'runbook',
    id: 'step-id-missing',
    severity: 'error',
    description: 'A step has no `id` or no `title`.',
    hint: 'Give every step `id="kebab-case"` and `title="What it does"`.',
    check({ runbook }, report) {
      for (const step of runbook.steps) {
        if (step.id === '') report(step.span, `Step ${step.index + 1} has no \`id\`; expected e.g. \`id="stop-primary"\``);
        if (step.title === '')
          report(step.span, `Step ${step.id ? `\`${step.id}\`` : step.index + 1} has no \`title\`; expected e.g. \`title="Stop mail services"\``);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'step-id-format',
    severity: 'error',
    description: 'A step id is not kebab-case.',
    hint: 'Use lower-case words joined by hyphens, e.g. `stop-primary`.',
    check({ runbook }, report) {
      for (const step of runbook.steps) {
        if (step.id !== '' && !KEBAB.test(step.id))
          report(
            step.span,
            `Step id \`${step.id}\` is not kebab-case; expected lower-case words joined by hyphens (e.g. \`${
              step.id
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, '-')
                .replace(/^-|-$/g, '') || 'stop-primary'
            }\`)`,
          );
      }
    },
  },
  {
    scope: 'runbook',
    id: 'step-duplicate-id',
    severity: 'error',
    description: 'Two steps of a runbook have the same id.',
    hint: 'Give each step its own id: `--from` and the audit log name steps by id.',
    check({ runbook }, report) {
      const seen = new Map<string, number>();
      for (const step of runbook.steps) {
        if (step.id === '') continue;
        const first = seen.get(step.id);
        if (first !== undefined) report(step.span, `Step id \`${step.id}\` is used twice; first at line ${first}`);
        else seen.set(step.id, step.span.line);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'step-attribute-invalid',
    severity: 'error',
    description: 'A step attribute is unknown or has a value it cannot take.',
    hint: 'Step attributes are `id`, `title`, `confirm`, `timeout="10m"`, `tier="I|II|III"`, and for fleet steps `hosts`, `serial`, `max_fail`, `pause`.',
    check({ tree }, report) {
      for (const element of stepElements(tree)) {
        for (const attr of element.attributes) {
          if (attr.type !== 'mdxJsxAttribute') continue;
          const span = nodeSpan(attr) ?? nodeSpan(element);
          if (!STEP_ATTRIBUTES.has(attr.name))
            report(
              span,
              `Unknown attribute \`${attr.name}\` on <Step>; expected one of \`id\`, \`title\`, \`confirm\`, \`timeout\`, \`tier\`, \`hosts\`, \`serial\`, \`max_fail\`, \`pause\``,
            );
          else if (attr.name === 'tier' && typeof attr.value === 'string' && !['I', 'II', 'III'].includes(attr.value))
            report(span, `Step tier \`${attr.value}\` is not a tier; expected \`I\`, \`II\` or \`III\``);
          else if (attr.name !== 'confirm' && attr.value === null)
            report(span, `Attribute \`${attr.name}\` on <Step> needs a value, e.g. \`${attr.name}="…"\``);
          else if (attr.name === 'confirm' && typeof attr.value === 'string' && !['true', 'false'].includes(attr.value))
            report(span, `\`confirm="${attr.value}"\` is not a yes/no; write \`confirm\` alone (or \`confirm="false"\`)`);
        }
      }
    },
  },
  {
    scope: 'runbook',
    id: 'step-multiple-scripts',
    severity: 'error',
    description: 'A step, <Verify> or <Rollback> holds more than one executable block, or two <Verify>/<Rollback>.',
    hint: 'Keep one `sh`/`bash`/`js`/`mjs` block per step (join the commands), and at most one <Verify> and one <Rollback>.',
    check({ tree }, report) {
      for (const element of stepElements(tree)) {
        const scripts = element.children.filter(isScript);
        if (scripts.length > 1)
          report(nodeSpan(scripts[1]), `This step has ${scripts.length} executable blocks; a step runs exactly one (split it into steps or join the commands)`);
        for (const name of ['Verify', 'Rollback'] as const) {
          const parts = element.children.filter((c): c is MdxJsxFlowElement => isElement(c, name));
          if (parts.length > 1) report(nodeSpan(parts[1]), `This step has ${parts.length} <${name}> blocks; expected at most one`);
          for (const part of parts) {
            const inner = part.children.filter(isScript);
            if (inner.length > 1) report(nodeSpan(inner[1]), `<${name}> has ${inner.length} executable blocks; expected exactly one`);
            if (inner.length === 0) report(nodeSpan(part), `<${name}> has no \`sh\`/\`bash\`/\`js\`/\`mjs\` block; expected exactly one`);
          }
        }
      }
    },
  },
  {
    scope: 'runbook',
    id: 'step-tier-below-runbook',
    severity: 'error',
    description: "A step's tier is lower than its runbook's tier.",
    hint: 'A step may only require a higher tier than its runbook; remove the attribute or raise it.',
    check({ runbook }, report) {
      const order = ['I', 'II', 'III'];
      for (const step of runbook.steps) {
        if (step.tier && order.indexOf(step.tier) < order.indexOf(runbook.meta.tier))
          report(step.span, `Step \`${step.id}\` has tier ${step.tier}, below the runbook's tier ${runbook.meta.tier}`);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'steps-missing',
    severity: 'error',
    description: 'The runbook has no steps.',
    hint: 'Add at least one <Step id="…" title="…"> to the body.',
    check({ runbook, bodyParsed }, report) {
      if (bodyParsed && runbook.steps.length === 0) report({ line: 1, column: 1 }, `Runbook \`${runbook.meta.id}\` has no <Step>; expected at least one`);
    },
  },
];
