// The manual's root URL, from the page's own (relative) `opsbook-root` meta tag, so the
// site works from any sub-path, and the URL of a page under it.
export function rootUrl(): URL {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="opsbook-root"]');
  return new URL(meta?.content ?? './', location.href);
}

/**
 * The URL of the manual's page `path` (`runbooks/x/`): a folder's `index.html`, as every link
 * of the built pages (src/site/relative-links.ts), so it opens from disk (file://) too.
 */
export function pageUrl(path: string): URL {
  return new URL(path.endsWith('/') ? `${path}index.html` : path, rootUrl());
}

/** The page was opened from disk (a copied folder, file://), not from a web server. */
export function fromDisk(): boolean {
  return location.protocol === 'file:';
}

export function readJson<T>(id: string): T | undefined {
  const el = document.getElementById(id);
  return el?.textContent ? (JSON.parse(el.textContent) as T) : undefined;
}
