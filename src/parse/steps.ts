// From the MDX tree to the runbook's steps and body blocks. Tolerant by design: it
// builds the best model it can and leaves every judgement to the rules.
import type { Code, Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import type { BodyBlock, Script, ScriptLang, Step } from '../model.ts';
import { parseDuration } from './duration.ts';
import { nodeSpan } from './mdx.ts';
import { scriptVars } from './vars.ts';

export const SCRIPT_LANGS: Record<string, ScriptLang> = { sh: 'sh', bash: 'bash', shell: 'sh', js: 'js', mjs: 'mjs', javascript: 'js' };

export function isScript(node: RootContent): node is Code {
  return node.type === 'code' && node.lang != null && node.lang in SCRIPT_LANGS;
}

export function isElement(node: RootContent, name?: string): node is MdxJsxFlowElement {
  return node.type === 'mdxJsxFlowElement' && (name === undefined || node.name === name);
}

/** A literal attribute value: a string, `true` for a bare attribute, undefined when absent or an expression. */
export function attribute(element: MdxJsxFlowElement, name: string): string | true | undefined {
  const attr = element.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name);
  if (!attr) return undefined;
  if (attr.value === null || attr.value === undefined) return true;
  return typeof attr.value === 'string' ? attr.value : undefined;
}

export function toScript(node: Code): Script {
  const lang = SCRIPT_LANGS[node.lang!];
  const vars = scriptVars(node.value, lang);
  return {
    lang,
    engine: lang === 'js' || lang === 'mjs' ? 'zx' : 'bash',
    // A CRLF line end is a line end: bash gets LF. A bare CR stays, for check to report.
    code: node.value.replace(/\r\n/g, '\n'),
    span: nodeSpan(node) ?? { line: 1, column: 1 },
    vars: [...vars.used.keys()].sort(),
  };
}

function firstScript(children: RootContent[]): Script | undefined {
  const code = children.find(isScript);
  return code ? toScript(code) : undefined;
}

function proseText(nodes: RootContent[], source: string): string {
  return nodes
    .map((n) => {
      const start = n.position?.start.offset;
      const end = n.position?.end.offset;
      return start !== undefined && end !== undefined ? source.slice(start, end) : '';
    })
    .filter((t) => t.trim() !== '')
    .join('\n\n')
    .replace(/\r\n/g, '\n');
}

export function extractSteps(tree: Root, source: string): { steps: Step[]; body: BodyBlock[] } {
  const steps: Step[] = [];
  const body: BodyBlock[] = [];
  let prose: RootContent[] = [];
  const flush = () => {
    if (prose.length > 0) body.push({ kind: 'prose', tree: { type: 'root', children: prose } });
    prose = [];
  };
  for (const node of tree.children) {
    if (!isElement(node, 'Step')) {
      if (node.type !== 'mdxjsEsm') prose.push(node);
      continue;
    }
    flush();
    const verify = node.children.find((c) => isElement(c, 'Verify'));
    const rollback = node.children.find((c) => isElement(c, 'Rollback'));
    const proseNodes = node.children.filter((c) => !isScript(c) && !isElement(c, 'Verify') && !isElement(c, 'Rollback'));
    const timeout = attribute(node, 'timeout');
    const tier = attribute(node, 'tier');
    const id = attribute(node, 'id');
    const title = attribute(node, 'title');
    const script = firstScript(node.children);
    const step: Step = {
      id: typeof id === 'string' ? id : '',
      title: typeof title === 'string' ? title : '',
      index: steps.length,
      confirm: attribute(node, 'confirm') !== undefined && attribute(node, 'confirm') !== 'false',
      kind: script ? 'exec' : 'manual',
      prose: proseText(proseNodes, source),
      proseTree: { type: 'root', children: proseNodes },
      span: nodeSpan(node) ?? { line: 1, column: 1 },
    };
    if (typeof timeout === 'string') {
      step.timeout = timeout;
      const ms = parseDuration(timeout);
      if (ms !== undefined) step.timeoutMs = ms;
    }
    if (tier === 'I' || tier === 'II' || tier === 'III') step.tier = tier;
    for (const [name, key] of [
      ['hosts', 'hosts'],
      ['serial', 'serial'],
      ['max_fail', 'maxFail'],
      ['pause', 'pause'],
    ] as const) {
      const value = attribute(node, name);
      if (typeof value === 'string') step[key] = value;
    }
    if (script) step.script = script;
    const verifyScript = verify && isElement(verify) ? firstScript(verify.children) : undefined;
    if (verifyScript) step.verify = verifyScript;
    const rollbackScript = rollback && isElement(rollback) ? firstScript(rollback.children) : undefined;
    if (rollbackScript) step.rollback = rollbackScript;
    steps.push(step);
    body.push({ kind: 'step', step });
  }
  flush();
  return { steps, body };
}
