// The manual's root URL, from the page's own (relative) `opsbook-root` meta tag, so the
// site works from any sub-path.
export function rootUrl(): URL {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="opsbook-root"]');
  return new URL(meta?.content ?? './', location.href);
}

export function readJson<T>(id: string): T | undefined {
  const el = document.getElementById(id);
  return el?.textContent ? (JSON.parse(el.textContent) as T) : undefined;
}
