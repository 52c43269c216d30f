// The renderer is safe by itself, on input that `check` would reject.
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { isSafeUrl, renderProse } from '../../src/render/html.ts';

const md = (text: string) => renderProse(unified().use(remarkParse).parse(text));
const mdx = (text: string) => renderProse(unified().use(remarkParse).use(remarkMdx).parse(text));

describe('renderProse', () => {
  it('shows raw HTML as text', () => {
    const html = md('<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> here');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
  });
  it('shows JSX components and expressions as text, never evaluated', () => {
    const html = mdx('<Foo onClick={alert(1)}>inner **bold**</Foo>\n\n{alert(2)}\n\nexport const x = 1');
    expect(html).not.toMatch(/<foo|onclick=/i);
    expect(html).toContain('&#x3C;Foo>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('{alert(2)}');
  });
  it('drops scripting links and turns images into links', () => {
    expect(md('[x](javascript:alert(1)) [y](JaVa\tScRiPt:alert(1)) [z](data:text/html,hi)')).not.toContain('href');
    expect(md('![logo](https://example.net/x.png)')).toBe('<p><a href="https://example.net/x.png">logo</a></p>');
    expect(md('[ok](https://example.net/a) [rel](../b/)')).toContain('href="https://example.net/a"');
  });
  it('allows only safe URL schemes', () => {
    expect(['https://a', 'http://a', 'mailto:x@y', 'tel:+1', '#x', '../a', 'a/b'].every(isSafeUrl)).toBe(true);
    expect(['javascript:x', ' javascript:x', 'vbscript:x', 'data:x', '//evil.example', '\\\\evil'].some(isSafeUrl)).toBe(false);
  });
});
