// The manual's A–Z index, as at the back of a book: each runbook under every significant word
// of its title and under each of its tags, so "Find and relieve a growing mail queue" is
// found under mail, queue, relieve, growing, postfix…, not under F only.

/** Words that say nothing about what a runbook is for: never an entry of the index. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    'a an and or nor but the of on in to for from with without by at as into onto out off up down over under',
    'between through after before once when while whose who which what that this these those its it their your our',
    'is are be been one more all any each per via not no so than then find i ii iii',
  ]
    .join(' ')
    .split(' '),
);

export interface AzRunbook {
  id: string;
  title: string;
  tags: string[];
}

export interface AzEntry<R extends AzRunbook> {
  /** The word or tag as shown: the title's own spelling (LDAP, Berlin), lower case at its start. */
  term: string;
  runbooks: R[];
}

export interface AzLetter<R extends AzRunbook> {
  /** `A`…`Z`, or `0–9` for entries that start with a digit. */
  letter: string;
  entries: AzEntry<R>[];
}

/** The significant words of a title, as shown: `Reset a customer's password` → customer, password. */
export function significantWords(title: string): string[] {
  const words = title.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return words
    .map((word, i) => {
      const bare = word.replace(/['’]s$/iu, '');
      // A capital only because the word starts the title is not part of its spelling.
      return i === 0 && bare.slice(1) === bare.slice(1).toLowerCase() ? bare.toLowerCase() : bare;
    })
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word.toLowerCase()));
}

function letterOf(term: string): string {
  const first = term[0].toUpperCase();
  return /\p{N}/u.test(first) ? '0–9' : first;
}

/** The index: letters in order, each with its entries in order, each with its runbooks by title. */
export function azIndex<R extends AzRunbook>(runbooks: R[]): AzLetter<R>[] {
  const entries = new Map<string, AzEntry<R>>();
  const add = (term: string, runbook: R): void => {
    const key = term.toLowerCase();
    const entry = entries.get(key) ?? { term, runbooks: [] };
    entries.set(key, entry);
    if (!entry.runbooks.includes(runbook)) entry.runbooks.push(runbook);
  };
  for (const runbook of runbooks) {
    for (const word of significantWords(runbook.title)) add(word, runbook);
    for (const tag of runbook.tags) add(tag, runbook);
  }
  const letters = new Map<string, AzEntry<R>[]>();
  const sorted = [...entries.values()].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
  for (const entry of sorted) {
    entry.runbooks.sort((a, b) => a.title.localeCompare(b.title, 'en'));
    const letter = letterOf(entry.term);
    const list = letters.get(letter) ?? [];
    letters.set(letter, list);
    list.push(entry);
  }
  return [...letters.entries()].map(([letter, list]) => ({ letter, entries: list }));
}
