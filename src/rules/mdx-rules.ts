// What MDX could execute or inject: reported, never run.
import type { Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import { nodeSpan } from '../parse/mdx.ts';
import type { Span } from '../model.ts';
import type { RunbookRule } from './types.ts';

export const COMPONENTS = ['Step', 'Verify', 'Rollback'] as const;
const SCRIPTING_ELEMENTS = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'frame',
  'frameset',
  'base',
  'form',
  'meta',
  'link',
  'style',
  'svg',
  'math',
  'template',
]);
const UNSAFE_URL = /^\s*(javascript|vbscript|data\s*:\s*text\/html)/i;
const UNSAFE_TEXT = /<\s*(script|iframe|object|embed)\b|javascript\s*:|\bon[a-z]+\s*=/i;

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

function elements(tree: Root, each: (node: JsxElement, parent: unknown) => void): void {
  visit(tree, (node, _index, parent) => {
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') each(node, parent);
  });
}

function attributeSpan(attr: MdxJsxAttribute | MdxJsxExpressionAttribute, element: JsxElement): Span | undefined {
  return nodeSpan(attr) ?? nodeSpan(element);
}

function stringsOf(value: unknown, pointer: string, out: { pointer: string; text: string }[]): void {
  if (typeof value === 'string') out.push({ pointer, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsOf(v, `${pointer}/${i}`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) stringsOf(v, `${pointer}/${k}`, out);
}

export const mdxRules: RunbookRule[] = [
  {
    scope: 'runbook',
    id: 'mdx-esm',
    severity: 'error',
    description: '`import` or `export` in a runbook.',
    hint: 'Remove it: runbooks are data, and opsbook never runs their JavaScript.',
    check({ tree }, report) {
      visit(tree, 'mdxjsEsm', (node) => {
        report(
          nodeSpan(node),
          `\`${node.value.trim().split('\n')[0].slice(0, 60)}\` is an import/export statement; runbooks may not contain code that runs when rendered`,
        );
      });
    },
  },
  {
    scope: 'runbook',
    id: 'mdx-expression',
    severity: 'error',
    description: 'A `{expression}` in the body.',
    hint: 'Put code in a fenced block inside a step; write `\\{` for a literal brace.',
    check({ tree }, report) {
      visit(tree, (node) => {
        if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') {
          report(nodeSpan(node), `\`{${node.value.trim().slice(0, 60)}}\` is a JavaScript expression; runbooks may not contain expressions`);
        }
      });
    },
  },
  {
    scope: 'runbook',
    id: 'attribute-expression',
    severity: 'error',
    description: 'A component attribute is an `{expression}` instead of a literal.',
    hint: 'Write the attribute as a literal, e.g. `timeout="10m"`.',
    check({ tree }, report) {
      elements(tree, (element) => {
        for (const attr of element.attributes) {
          if (attr.type === 'mdxJsxExpressionAttribute')
            report(
              attributeSpan(attr, element),
              `\`{${attr.value.slice(0, 60)}}\` on <${element.name ?? ''}> is a JavaScript expression; attributes must be literals`,
            );
          else if (attr.value && typeof attr.value === 'object')
            report(
              attributeSpan(attr, element),
              `Attribute \`${attr.name}\` on <${element.name ?? ''}> is an expression \`{${attr.value.value.slice(0, 60)}}\`; expected a literal such as \`${attr.name}="…"\``,
            );
        }
      });
    },
  },
  {
    scope: 'runbook',
    id: 'html-unsafe',
    severity: 'error',
    description: 'Raw HTML that could script the page (`<script>`, `<iframe>`, `on*=` handlers, `javascript:` URLs).',
    hint: 'Remove it; describe the content in Markdown instead.',
    check({ tree, raw, at }, report) {
      elements(tree, (element) => {
        const name = element.name ?? '';
        if (SCRIPTING_ELEMENTS.has(name.toLowerCase()))
          report(nodeSpan(element), `<${name}> could run code or load content into the manual; it is not allowed`);
        for (const attr of element.attributes) {
          if (attr.type !== 'mdxJsxAttribute') continue;
          if (/^on/i.test(attr.name))
            report(attributeSpan(attr, element), `Event handler attribute \`${attr.name}\` on <${name}> could run code; it is not allowed`);
          if (typeof attr.value === 'string' && UNSAFE_URL.test(attr.value))
            report(attributeSpan(attr, element), `\`${attr.name}="${attr.value.slice(0, 40)}"\` is a scripting URL; it is not allowed`);
        }
      });
      visit(tree, (node) => {
        if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && UNSAFE_URL.test(node.url)) {
          report(nodeSpan(node), `Link to \`${node.url.slice(0, 40)}\` is a scripting URL; use an http(s) or relative link`);
        }
      });
      const strings: { pointer: string; text: string }[] = [];
      stringsOf(raw, '', strings);
      for (const { pointer, text } of strings) {
        if (UNSAFE_TEXT.test(text))
          report(at(pointer), `Front-matter value at \`${pointer}\` holds HTML or a script (\`${text.slice(0, 40)}\`); write plain text`);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'component-unknown',
    severity: 'error',
    description: 'A component or HTML element other than <Step>, <Verify> and <Rollback>.',
    hint: 'Use Markdown for formatting; the only components are <Step>, <Verify> and <Rollback>.',
    check({ tree }, report) {
      elements(tree, (element) => {
        const name = element.name;
        if (name && ((COMPONENTS as readonly string[]).includes(name) || SCRIPTING_ELEMENTS.has(name.toLowerCase()))) return;
        report(nodeSpan(element), `Unknown component <${name ?? ''}>; expected one of <Step>, <Verify>, <Rollback> (use Markdown for formatting)`);
      });
    },
  },
  {
    scope: 'runbook',
    id: 'component-misplaced',
    severity: 'error',
    description: '<Verify>/<Rollback> outside a step, or a <Step> that is not at the top level.',
    hint: 'Put <Verify> and <Rollback> directly inside a <Step>, and each <Step> at the top level of the body.',
    check({ tree }, report) {
      elements(tree, (element, parent) => {
        if (element.type === 'mdxJsxTextElement') {
          if ((COMPONENTS as readonly string[]).includes(element.name ?? ''))
            report(nodeSpan(element), `<${element.name}> must stand on its own lines, not inside a paragraph`);
          return;
        }
        const parentName =
          (parent as { type?: string; name?: string } | undefined)?.type === 'mdxJsxFlowElement' ? (parent as { name?: string }).name : undefined;
        if (element.name === 'Step' && (parent as { type?: string } | undefined)?.type !== 'root') {
          report(nodeSpan(element), `<Step> must be at the top level of the runbook, not inside ${parentName ? `<${parentName}>` : 'another block'}`);
        }
        if ((element.name === 'Verify' || element.name === 'Rollback') && parentName !== 'Step') {
          report(nodeSpan(element), `<${element.name}> must be directly inside a <Step>${parentName ? `, not inside <${parentName}>` : ''}`);
        }
      });
    },
  },
];
