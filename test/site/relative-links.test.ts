// Links of the built pages: relative to the page, and to a folder's index.html so that a copy
// opened from disk (file://) opens pages, not directory listings.
import { describe, expect, it } from 'vitest';
import { relativise } from '../../src/site/relative-links.ts';
import { moduleScripts, withClassicScript } from '../../src/site/classic-scripts.ts';

describe('relativise', () => {
  it("sends links and forms to a folder's index.html, keeping the query and the fragment", () => {
    expect(relativise('<a href="/">h</a><a href="/runbooks/x/#step-a">s</a><a href="/search/?q=a/b">q</a><form action="/search/">', 2)).toBe(
      '<a href="../../index.html">h</a><a href="../../runbooks/x/index.html#step-a">s</a><a href="../../search/index.html?q=a/b">q</a><form action="../../search/index.html">',
    );
  });

  it('leaves files, the root meta tag, fragments and other hosts alone', () => {
    expect(
      relativise(
        '<link href="/favicon.svg"><meta name="opsbook-root" content="/"><a href="/oncall/noc.ics">c</a><a href="#main">m</a><a href="//cdn/x/">x</a>',
        0,
      ),
    ).toBe('<link href="./favicon.svg"><meta name="opsbook-root" content="./"><a href="./oncall/noc.ics">c</a><a href="#main">m</a><a href="//cdn/x/">x</a>');
  });
});

describe('classic scripts', () => {
  const page = '<p>x</p><script type="module" src="/_astro/a.js"></script><p>y</p><script type="module" src="/_astro/b.js"></script>';

  it("finds a page's module scripts in document order", () => {
    expect(moduleScripts(page)).toEqual(['/_astro/a.js', '/_astro/b.js']);
  });

  it('puts one deferred classic script where the first module script was', () => {
    expect(withClassicScript(page, '/_astro/page.1.js')).toBe('<p>x</p><script defer src="/_astro/page.1.js"></script><p>y</p>');
  });
});
