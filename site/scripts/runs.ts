// Checklist runs of one runbook in this browser. A run has an id, a start time, an optional
// ticket (INC-123), an operator, its ticks and its parameter values; several are kept. Each
// fact is its own localStorage key, so two tabs ticking at once never overwrite each other,
// and a `storage` event tells the other tabs at once. Which run a tab works on is kept in
// sessionStorage, so a reload continues it without asking. Secrets are never stored.
import { newRunId } from './run-id.ts';
import { migrateOldChecklist } from './runs-migrate.ts';

export interface ChecklistPage {
  id: string;
  path: string;
  hash: string;
  title: string;
  tier: 'I' | 'II' | 'III';
  parameters: { name: string; secret: boolean }[];
  steps: { id: string; title: string }[];
}

export interface Run {
  id: string;
  /** The runbook's content hash when the run began. */
  hash: string;
  /** When the run was first saved (its first tick, value, ticket or operator). */
  started?: string;
  ticket?: string;
  operator?: string;
  /** The run that Start over replaced with this one. */
  replaces?: string;
  ticks: Record<string, string>;
  values: Record<string, string>;
}

type Meta = Pick<Run, 'hash' | 'started' | 'ticket' | 'operator' | 'replaces'>;

/** How a page opened: on the tab's own run, a new run for a deep link, asking, or a new run. */
export type Opening = 'continued' | 'deep-link' | 'ask' | 'new';

const OPERATOR_KEY = 'opsbook:operator';
const KEEP = 20;

/** Why a ticket reference cannot be kept, or undefined when it can. */
export function ticketProblem(ticket: string): string | undefined {
  if (ticket.length > 64) return 'A ticket reference is at most 64 characters.';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(ticket)) return 'Control characters are not allowed in a ticket reference.';
  return undefined;
}

export function isFinished(page: ChecklistPage, run: Run): boolean {
  return page.steps.length > 0 && page.steps.every((s) => run.ticks[s.id]);
}

export class RunStore {
  private readonly prefix: string;
  private readonly tabKey: string;
  private currentId = '';
  /** The tab's run before anything of it is saved. */
  private draft: Run | undefined;
  /** The run the current one replaced (Start over), to return to when an undo removes it. */
  private previousId: string | undefined;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly page: ChecklistPage) {
    this.prefix = `opsbook:run:${page.id}:`;
    this.tabKey = `opsbook:tab-run:${page.id}`;
    migrateOldChecklist(page.id, (run) => {
      if (!this.read(run.id)) this.write(run);
    });
    addEventListener('storage', (event) => {
      if (event.storageArea !== localStorage || (event.key !== null && !event.key.startsWith(this.prefix))) return;
      this.follow();
      for (const listener of this.listeners) listener();
    });
  }

  /** Decide the tab's run: its own (a reload), a new one for a deep link, or a new one (asking first when runs are unfinished). */
  open(url: URLSearchParams): Opening {
    const bound = this.bound();
    if (bound && bound.search === location.search && this.read(bound.run)) {
      this.bind(bound.run);
      return 'continued';
    }
    const names = this.page.parameters.filter((p) => !p.secret).map((p) => p.name);
    const values = Object.fromEntries(names.flatMap((name) => (url.has(name) ? [[name, url.get(name)!]] : [])));
    const ticket = (url.get('ticket') ?? '').trim();
    if (Object.keys(values).length > 0 || ticket !== '') {
      this.startNew(ticket !== '' && !ticketProblem(ticket) ? ticket : undefined, values);
      return 'deep-link';
    }
    this.startNew(undefined, {});
    return this.runs().some((r) => !isFinished(this.page, r)) ? 'ask' : 'new';
  }

  /** Saved runs, newest first. */
  runs(): Run[] {
    const runs = new Map<string, Run>();
    // Ticks or values whose run has no meta key (removed by another tab meanwhile) are no run.
    const described = new Set<string>();
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(this.prefix)) continue;
      const [id, kind, name] = key.slice(this.prefix.length).split(':');
      const run = runs.get(id) ?? { id, hash: '', ticks: {}, values: {} };
      runs.set(id, run);
      const text = localStorage.getItem(key) ?? '';
      if (kind === undefined) {
        Object.assign(run, parseMeta(text));
        described.add(id);
      } else if (kind === 'tick' && name) run.ticks[name] = text;
      else if (kind === 'value' && name) run.values[name] = text;
    }
    return [...runs.values()].filter((r) => described.has(r.id)).sort((a, b) => (b.started ?? '').localeCompare(a.started ?? ''));
  }

  current(): Run {
    return this.draft ?? this.read(this.currentId) ?? this.startNew(undefined, {});
  }

  isSaved(): boolean {
    return this.draft === undefined;
  }

  /** The operator name a new run starts with: the last one given in this browser. */
  defaultOperator(): string {
    return localStorage.getItem(OPERATOR_KEY) ?? '';
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  tick(step: string, on: boolean): void {
    const run = this.save();
    if (on) localStorage.setItem(this.key(run.id, 'tick', step), new Date().toISOString());
    else localStorage.removeItem(this.key(run.id, 'tick', step));
  }

  setValue(name: string, value: string): void {
    localStorage.setItem(this.key(this.save().id, 'value', name), value);
  }

  setTicket(ticket: string): void {
    this.setMeta({ ticket: ticket.trim() || undefined });
  }

  setOperator(operator: string): void {
    const name = operator.trim();
    this.setMeta({ operator: name || undefined });
    if (name) localStorage.setItem(OPERATOR_KEY, name);
  }

  switchTo(id: string): void {
    if (this.read(id)) this.bind(id);
  }

  /** A new run (saved at its first tick or entry), with the current operator. */
  startNew(ticket: string | undefined, values: Record<string, string>): Run {
    const operator = this.draft?.operator ?? (this.currentId ? this.read(this.currentId)?.operator : undefined) ?? (this.defaultOperator() || undefined);
    this.draft = { id: newRunId(), hash: this.page.hash, ticket, operator, ticks: {}, values };
    this.bind(this.draft.id, this.draft);
    return this.draft;
  }

  /** Clear the ticks: a new run with the same ticket, operator and values replaces the current one. Returns the undo. */
  startOver(): () => void {
    const old = this.current();
    const keys = this.keysOf(old.id).map((key): [string, string] => [key, localStorage.getItem(key) ?? '']);
    const next: Run = { ...old, id: newRunId(), started: new Date().toISOString(), replaces: old.id, ticks: {} };
    this.draft = undefined;
    this.write(next);
    for (const [key] of keys) localStorage.removeItem(key);
    this.bind(next.id);
    this.previousId = old.id;
    // The old run is back before its successor goes, so another tab on it never finds neither.
    return () => {
      for (const [key, value] of keys) localStorage.setItem(key, value);
      for (const key of this.keysOf(next.id)) localStorage.removeItem(key);
      this.previousId = undefined;
      this.bind(old.id);
    };
  }

  /** After another tab changed the runs: stay on the tab's run, or follow it where Start over (or its undo) took it. */
  private follow(): void {
    if (this.draft || this.read(this.currentId)) return;
    const successor = this.runs().find((r) => r.replaces === this.currentId);
    if (successor) {
      this.previousId = this.currentId;
      this.bind(successor.id);
    } else if (this.previousId && this.read(this.previousId)) {
      this.bind(this.previousId);
      this.previousId = undefined;
    } else this.startNew(undefined, {});
  }

  /** The current run, saved now if it was a draft. */
  private save(): Run {
    const run = this.current();
    if (!this.draft) return run;
    const saved = { ...run, started: new Date().toISOString() };
    this.draft = undefined;
    this.write(saved);
    this.prune();
    return saved;
  }

  private setMeta(change: Partial<Meta>): void {
    if (this.draft) Object.assign(this.draft, change);
    const run = this.save();
    localStorage.setItem(this.key(run.id), JSON.stringify(meta({ ...run, ...change })));
  }

  private read(id: string): Run | undefined {
    if (!id || localStorage.getItem(this.key(id)) === null) return undefined;
    return this.runs().find((r) => r.id === id);
  }

  private write(run: Run): void {
    localStorage.setItem(this.key(run.id), JSON.stringify(meta(run)));
    for (const [step, at] of Object.entries(run.ticks)) localStorage.setItem(this.key(run.id, 'tick', step), at);
    for (const [name, value] of Object.entries(run.values)) localStorage.setItem(this.key(run.id, 'value', name), value);
  }

  /** Keep the newest runs: beyond KEEP, the oldest finished ones go. */
  private prune(): void {
    const runs = this.runs();
    const excess = runs.length - KEEP;
    if (excess <= 0) return;
    for (const run of runs.filter((r) => isFinished(this.page, r) && r.id !== this.currentId).slice(-excess)) {
      for (const key of this.keysOf(run.id)) localStorage.removeItem(key);
    }
  }

  private keysOf(id: string): string[] {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key === this.key(id) || key?.startsWith(`${this.key(id)}:`)) keys.push(key);
    }
    return keys;
  }

  private key(id: string, kind?: 'tick' | 'value', name?: string): string {
    return kind ? `${this.prefix}${id}:${kind}:${name}` : `${this.prefix}${id}`;
  }

  private bind(id: string, draft?: Run): void {
    this.currentId = id;
    if (!draft) this.draft = undefined;
    sessionStorage.setItem(this.tabKey, JSON.stringify({ run: id, search: location.search }));
  }

  private bound(): { run: string; search: string } | undefined {
    try {
      const bound = JSON.parse(sessionStorage.getItem(this.tabKey) ?? 'null') as { run?: unknown; search?: unknown } | null;
      if (typeof bound?.run === 'string' && typeof bound.search === 'string') return { run: bound.run, search: bound.search };
    } catch {
      // A broken entry: the tab has no run of its own.
    }
    return undefined;
  }
}

function meta(run: Run): Meta {
  return { hash: run.hash, started: run.started, ticket: run.ticket, operator: run.operator, replaces: run.replaces };
}

function parseMeta(text: string): Meta {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
      hash: str(value.hash) ?? '',
      started: str(value.started),
      ticket: str(value.ticket),
      operator: str(value.operator),
      replaces: str(value.replaces),
    };
  } catch {
    return { hash: '' };
  }
}
