// Search as you type. The index is fetched on first use only; until then a page loads none of it.
// Over HTTP its parts are fetched as JSON; from disk (file://), where a page may not fetch, the
// same parts are run as classic scripts (src/search/data-script.ts).
import { fromDisk, pageUrl, rootUrl } from './root.ts';
import { searchUnavailable } from './no-search.ts';
import type { SearchManifest } from '../../src/search/build.ts';
import { DATA_GLOBAL } from '../../src/search/data-script.ts';
import type { IndexSource, SearchHit } from '../../src/search/query.ts';
import type { Segment } from '../../src/search/snippet.ts';

document.documentElement.classList.add('js');

const input = document.querySelector<HTMLInputElement>('#q');
const panel = document.querySelector<HTMLElement>('#search-panel');
const list = document.querySelector<HTMLUListElement>('#search-results');
const status = document.querySelector<HTMLElement>('#search-status');
const tierSelect = document.querySelector<HTMLSelectElement>('#search-tier');
const serviceSelect = document.querySelector<HTMLSelectElement>('#search-service');

const LIMIT = 20;

/** A result as shown: title, summary and the typed words found only in the steps. */
type Shown = { hit: SearchHit; title: Segment[]; summary: Segment[]; elsewhere: string[] };
/** Results for a query; `complete` is false when part of the index the query needed did not arrive. */
type Engine = { run: (text: string, tier: string, service: string) => Promise<{ shown: Shown[]; complete: boolean }> };
let engine: Promise<Engine> | undefined;

type DataGlobal = { [DATA_GLOBAL]?: Record<string, unknown> };

/** A part of the index from a classic script beside it (`search/ma.json` → `search/ma.js`). */
function viaScript<T>(path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL(path.replace(/\.json$/, '.js'), rootUrl()).href;
    script.onload = () => {
      script.remove();
      const parts = (self as DataGlobal)[DATA_GLOBAL] ?? {};
      if (!Object.hasOwn(parts, path)) return reject(new Error(`${path}: the script did not hand over its data`));
      const value = parts[path] as T;
      delete parts[path];
      resolve(value);
    };
    script.onerror = () => {
      script.remove();
      reject(new Error(`${path}: could not load`));
    };
    document.head.append(script);
  });
}

async function json<T>(path: string): Promise<T> {
  if (fromDisk()) return viaScript<T>(path);
  const response = await fetch(new URL(path, rootUrl()));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The result list and the query code first; each index shard when a typed word needs it. */
function load(): Promise<Engine> {
  engine ??= (async () => {
    const [{ search, loadShard, termSet }, { snippet }, manifest] = await Promise.all([
      import('../../src/search/query.ts'),
      import('../../src/search/snippet.ts'),
      json<SearchManifest>('search/docs.json'),
    ]);
    const existing = new Set(manifest.shards);
    const synonyms = new Map(manifest.synonyms);
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
        const hits = await search(source, manifest.docs, text, { tier, service, limit: LIMIT });
        return { shown: hits.map((hit) => ({ hit, ...snippet(hit, synonyms) })), complete };
      },
    };
  })();
  return engine;
}

/** Segments as text nodes and <mark> elements: a runbook's text is never parsed as HTML. */
function marked(parent: HTMLElement, segments: Segment[]): HTMLElement {
  for (const { text, mark } of segments) {
    if (!mark) parent.append(text);
    else {
      const m = document.createElement('mark');
      m.textContent = text;
      parent.append(m);
    }
  }
  return parent;
}

function resultItem({ hit, title, summary, elsewhere }: Shown, i: number): HTMLLIElement {
  const li = document.createElement('li');
  li.id = `result-${i}`;
  li.setAttribute('role', 'option');
  li.setAttribute('aria-selected', 'false');
  const link = marked(document.createElement('a'), title) as HTMLAnchorElement;
  // From disk a folder is a directory listing: link its index.html.
  link.href = pageUrl(`runbooks/${hit.doc.id}/`).href;
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = `Tier ${hit.doc.tier} · ${hit.doc.service} · ${hit.doc.category}`;
  li.append(link, meta, marked(document.createElement('div'), summary));
  if (elsewhere.length > 0) {
    const more = document.createElement('div');
    more.className = 'elsewhere';
    more.append('In its steps: ');
    elsewhere.forEach((word, k) => marked(more, [...(k > 0 ? [{ text: ', ', mark: false }] : []), { text: word, mark: true }]));
    li.append(more);
  }
  return li;
}

/** "3 runbooks match every word" first; the others only when none does, or as a count. */
function summaryLine(text: string, shown: Shown[]): string {
  if (shown.length === 0) return `No runbook matches “${text}”.`;
  const all = shown.filter((s) => s.hit.all).length;
  const more = shown.length === LIMIT ? '+' : '';
  const keys = 'Use ↓ ↑ and Enter.';
  if (all === shown.length) return `${all}${more} ${all === 1 ? 'runbook matches' : 'runbooks match'}. ${keys}`;
  if (all === 0) return `No runbook matches every word; ${shown.length}${more} match some. ${keys}`;
  return `${all} ${all === 1 ? 'runbook matches' : 'runbooks match'} every word, then ${shown.length - all}${more} that match some. ${keys}`;
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
    engine = undefined; // the next keystroke tries again
    searchUnavailable(status);
    return;
  }
  if (input.value.trim() !== text) return; // a newer keystroke will render
  const { shown, complete } = await e.run(text, tierSelect?.value ?? '', serviceSelect?.value ?? '');
  if (input.value.trim() !== text) return;
  list.replaceChildren(...shown.map(resultItem));
  const found = summaryLine(text, shown);
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
