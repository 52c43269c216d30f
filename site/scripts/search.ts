// Search as you type. The index is fetched on first use only; until then a page loads none of it.
import { fromDisk, pageUrl, rootUrl } from './root.ts';
import { searchUnavailable } from './no-search.ts';
import type { SearchManifest } from '../../src/search/build.ts';
import type { IndexSource, SearchHit } from '../../src/search/query.ts';

document.documentElement.classList.add('js');

const input = document.querySelector<HTMLInputElement>('#q');
const panel = document.querySelector<HTMLElement>('#search-panel');
const list = document.querySelector<HTMLUListElement>('#search-results');
const status = document.querySelector<HTMLElement>('#search-status');
const tierSelect = document.querySelector<HTMLSelectElement>('#search-tier');
const serviceSelect = document.querySelector<HTMLSelectElement>('#search-service');

/** Hits for a query; `complete` is false when part of the index the query needed did not arrive. */
type Engine = { run: (text: string, tier: string, service: string) => Promise<{ hits: SearchHit[]; complete: boolean }> };
let engine: Promise<Engine> | undefined;

async function json<T>(path: string): Promise<T> {
  if (fromDisk()) throw new Error(`${path}: a page opened from disk cannot fetch`);
  const response = await fetch(new URL(path, rootUrl()));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The result list and the query code first; each index shard when a typed word needs it. */
function load(): Promise<Engine> {
  engine ??= (async () => {
    const [{ search, loadShard, termSet }, manifest] = await Promise.all([import('../../src/search/query.ts'), json<SearchManifest>('search/docs.json')]);
    const existing = new Set(manifest.shards);
    // Each part of the index is fetched once; one that fails to arrive (null) is forgotten,
    // so the next query asks for it again.
    const parts = new Map<string, Promise<unknown>>();
    const part = <D, T>(path: string, parse: (data: D) => T): Promise<T | null> => {
      if (!parts.has(path)) {
        parts.set(
          path,
          json<D>(path).then(parse, () => {
            parts.delete(path);
            return null;
          }),
        );
      }
      return parts.get(path)! as Promise<T | null>;
    };
    if (serviceSelect) {
      for (const service of [...new Set(manifest.docs.map((d) => d.service))].sort()) serviceSelect.add(new Option(service, service));
    }
    return {
      run: async (text, tier, service) => {
        let complete = true;
        const arrived = <T>(value: T | null, instead: T): T => {
          if (value !== null) return value;
          complete = false;
          return instead;
        };
        const source: IndexSource = {
          shard: async (key) => (existing.has(key) ? arrived(await part(`search/${key}.json`, loadShard), undefined) : undefined),
          terms: async () => arrived(await part('search/terms.json', termSet), termSet([])),
        };
        const hits = await search(source, manifest.docs, text, { tier, service, limit: 20 });
        return { hits, complete };
      },
    };
  })();
  return engine;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Mark the words of `text` that a matched (stemmed) term or a typed word begins. */
function highlight(text: string, terms: string[], words: string[]): string {
  const stems = [...terms, ...words].filter((t) => t.length >= 2);
  return text
    .split(/(\s+|[.,;:()"'`/-])/)
    .map((part) => {
      const lower = part.toLowerCase();
      return stems.some((t) => lower.startsWith(t)) ? `<mark>${escape(part)}</mark>` : escape(part);
    })
    .join('');
}

let selected = -1;

function select(index: number): void {
  const items = list ? [...list.querySelectorAll<HTMLLIElement>('li')] : [];
  if (items.length === 0 || !input) return;
  selected = (index + items.length) % items.length;
  items.forEach((li, i) => li.setAttribute('aria-selected', String(i === selected)));
  const item = items[selected];
  input.setAttribute('aria-activedescendant', item.id);
  item.scrollIntoView({ block: 'nearest' });
}

async function update(): Promise<void> {
  if (!input || !list || !panel || !status) return;
  const text = input.value.trim();
  panel.hidden = text.length === 0;
  if (!text) return;
  let e: Engine;
  try {
    e = await load();
  } catch {
    searchUnavailable(status);
    return;
  }
  if (input.value.trim() !== text) return; // a newer keystroke will render
  const { hits, complete } = await e.run(text, tierSelect?.value ?? '', serviceSelect?.value ?? '');
  if (input.value.trim() !== text) return;
  const words = text.toLowerCase().split(/\s+/);
  list.innerHTML = hits
    .map(
      (h, i) =>
        `<li id="result-${i}" role="option" aria-selected="false"><a href="${escape(pageUrl(`runbooks/${h.doc.id}/`).href)}">${highlight(h.doc.t, h.terms, words)}</a><div class="meta">Tier ${escape(h.doc.tier)} · ${escape(h.doc.service)} · ${escape(h.doc.category)}</div><div>${highlight(h.doc.s, h.terms, words)}</div></li>`,
    )
    .join('');
  const found = hits.length === 0 ? `No runbook matches “${text}”.` : `${hits.length}${hits.length === 20 ? '+' : ''} runbooks match. Use ↓ ↑ and Enter.`;
  status.textContent = complete
    ? found
    : `${found} Part of the search index did not load, so results may be missing: type again to retry, or use the A–Z list.`;
  selected = -1;
  input.removeAttribute('aria-activedescendant');
  list.dataset.query = text;
}

if (input) {
  input.addEventListener('focus', () => void load().catch(() => undefined), { once: true });
  input.addEventListener('input', () => void update());
  tierSelect?.addEventListener('change', () => void update());
  serviceSelect?.addEventListener('change', () => void update());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      select(selected + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      select(selected - 1);
    } else if (event.key === 'Escape') {
      if (panel) panel.hidden = true;
    } else if (event.key === 'Enter') {
      // Enter opens the selected result, or the first one; with no result the form submits.
      // Results still showing an older query are never opened: wait for the current ones.
      if (!list || list.dataset.query === input.value.trim()) {
        const link = list?.querySelectorAll<HTMLAnchorElement>('li a')[Math.max(selected, 0)];
        if (link) {
          event.preventDefault();
          location.href = link.href;
        }
        return;
      }
      event.preventDefault();
      void update().then(() => {
        const first = list.querySelector<HTMLAnchorElement>('li a');
        if (first && list.dataset.query === input.value.trim()) location.href = first.href;
        else input.form?.submit();
      });
    }
  });
  // `/` is handled by an inline script in the page's head, so it works before this loads.
  const q = new URLSearchParams(location.search).get('q');
  if (q && /\/search\/(index\.html)?$/.test(location.pathname)) input.value = q;
  // Text typed before this script loaded (or given by ?q=) is searched now.
  if (input.value.trim()) void update();
}
