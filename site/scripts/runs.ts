// The checklist's saved state in this browser: the run id, when it started, which steps are
// ticked (and when) and the parameter values entered; secrets are never part of it.

export interface ChecklistPage {
  id: string;
  path: string;
  hash: string;
  title: string;
  tier: 'I' | 'II' | 'III';
  steps: { id: string; title: string }[];
}

/** What survives a reload. */
export interface Saved {
  run: string;
  started?: string;
  ticks: Record<string, string>;
  values: Record<string, string>;
}

/** A sortable run id in the run-log schema's form: UTC time, then a random suffix. */
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${stamp}-${rand}`;
}

export class RunStore {
  private readonly key: string;
  private saved: Saved;

  constructor(page: ChecklistPage) {
    this.key = `opsbook:checklist:${page.id}:${page.hash}`;
    this.saved = this.load();
  }

  private load(): Saved {
    try {
      const saved = JSON.parse(localStorage.getItem(this.key) ?? 'null') as Saved | null;
      if (saved && typeof saved.run === 'string') return { ...saved, ticks: saved.ticks ?? {}, values: saved.values ?? {} };
    } catch {
      // A broken entry starts a fresh checklist.
    }
    return { run: newRunId(), ticks: {}, values: {} };
  }

  private save(): void {
    localStorage.setItem(this.key, JSON.stringify(this.saved));
  }

  current(): Readonly<Saved> {
    return this.saved;
  }

  tick(step: string, on: boolean): void {
    const now = new Date().toISOString();
    if (on) {
      this.saved.started ??= now;
      this.saved.ticks[step] = now;
    } else delete this.saved.ticks[step];
    this.save();
  }

  setValue(name: string, value: string): void {
    this.saved.values[name] = value;
    this.save();
  }

  startOver(): void {
    this.saved = { run: newRunId(), ticks: {}, values: this.saved.values };
    this.save();
  }
}
