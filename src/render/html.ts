// Runbook prose (mdast) to HTML that cannot script the page, whatever the runbook says.
// Runbooks are never compiled by @astrojs/mdx: their JSX, expressions, ESM and raw HTML
// are shown as literal text here, links keep only safe schemes, images become links, and
// every text is escaped by hast-util-to-html. The checker reports the same constructs;
// this module is safe on its own.
import type { Root, RootContent, Text } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import { toHtml } from 'hast-util-to-html';

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** True for URLs a runbook may link to: http(s), mailto, tel, fragments and relative paths. */
export function isSafeUrl(url: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme: strip them first.
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(cleaned)?.[1];
  if (scheme) return SAFE_SCHEMES.has(scheme.toLowerCase());
  // `//host` and `\\host` leave the site with the page's own scheme.
  return !/^[/\\]{2}/.test(cleaned);
}

interface Literal {
  type: string;
  name?: string | null;
  value?: string;
  children?: RootContent[];
}

/** Replace everything that is not plain Markdown by its literal text. */
function neutralise(nodes: RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    const n = node as unknown as Literal;
    switch (n.type) {
      case 'html':
      case 'mdxjsEsm':
      case 'mdxFlowExpression':
      case 'mdxTextExpression': {
        const text: Text = { type: 'text', value: n.type === 'html' || n.type === 'mdxjsEsm' ? (n.value ?? '') : `{${n.value ?? ''}}` };
        out.push(n.type === 'mdxTextExpression' ? text : { type: 'paragraph', children: [text] });
        break;
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        // A component or tag: its name as text, its children as Markdown, nothing else.
        const name = n.name ?? '';
        const children = neutralise(n.children ?? []);
        const open: Text = { type: 'text', value: `<${name}>` };
        const close: Text = { type: 'text', value: `</${name}>` };
        if (n.type === 'mdxJsxTextElement') out.push(open, ...children, close);
        else out.push({ type: 'paragraph', children: [open] }, ...children, { type: 'paragraph', children: [close] });
        break;
      }
      case 'link': {
        const link = node as Extract<RootContent, { type: 'link' }>;
        const children = neutralise(link.children) as typeof link.children;
        if (isSafeUrl(link.url)) out.push({ ...link, title: link.title ?? null, children });
        else out.push(...(children as RootContent[]));
        break;
      }
      case 'image': {
        // No request leaves the manual: an image is shown as a link to it.
        const image = node as Extract<RootContent, { type: 'image' }>;
        const label: Text = { type: 'text', value: image.alt || image.url };
        out.push(isSafeUrl(image.url) ? { type: 'link', url: image.url, title: null, children: [label] } : label);
        break;
      }
      case 'definition':
      case 'footnoteDefinition':
        break;
      default: {
        const parent = node as { children?: RootContent[] };
        out.push(parent.children ? ({ ...node, children: neutralise(parent.children) } as RootContent) : node);
      }
    }
  }
  return out;
}

/** Safe HTML for a prose tree. */
export function renderProse(tree: Root): string {
  const hast = toHast({ type: 'root', children: neutralise(tree.children) }, { allowDangerousHtml: false });
  return toHtml(hast, { allowDangerousHtml: false });
}
