// The run panel above the steps: which run this tab works on, its ticket and operator, the
// runs kept in this browser (switch between them; finished ones marked), the chooser that
// asks on opening whether to continue an unfinished run, and Start over, asked and undoable.
import { runName } from './run-label.ts';
import { isFinished, ticketProblem, type ChecklistPage, type Opening, type Run, type RunStore } from './runs.ts';

/** How long Start over can be undone, unless something else is done first. */
const UNDO_MS = 15_000;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
const capital = (text: string) => text[0].toUpperCase() + text.slice(1);

function progress(page: ChecklistPage, run: Run): string {
  if (isFinished(page, run)) return 'finished';
  return `${page.steps.filter((s) => run.ticks[s.id]).length} of ${page.steps.length} steps done`;
}

/** Items from the component's <template>, one per run. */
function fill<T>(list: HTMLElement | null, template: string, items: T[], each: (li: HTMLElement, item: T) => void): void {
  const tpl = byId<HTMLTemplateElement>(template);
  if (!list || !tpl) return;
  // A re-render (another tab ticked) keeps the keyboard on the run it was on.
  const active = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement : undefined;
  list.replaceChildren(
    ...items.map((item) => {
      const li = (tpl.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
      each(li, item);
      return li;
    }),
  );
  if (active?.dataset.run) list.querySelector<HTMLElement>(`[data-run="${active.dataset.run}"]`)?.focus();
}

function setUnlessTyping(input: HTMLInputElement | null, value: string): void {
  if (input && input !== document.activeElement && input.value !== value) input.value = value;
}

export function renderRunPanel(page: ChecklistPage, store: RunStore): void {
  const run = store.current();
  const summary = byId('run-summary');
  if (summary)
    summary.textContent = store.isSaved() ? `This tab works on ${runName(run)}.` : `${capital(runName(run))}: it starts with its first tick or entry.`;
  setUnlessTyping(byId<HTMLInputElement>('run-ticket'), run.ticket ?? '');
  setUnlessTyping(byId<HTMLInputElement>('run-operator'), run.operator ?? '');
  const runs = store.runs();
  const count = byId('run-count');
  if (count) count.textContent = String(runs.length);
  fill(byId('run-list'), 'run-item', runs, (li, r) => {
    const mine = r.id === run.id;
    li.classList.toggle('finished', isFinished(page, r));
    li.querySelector('.run-item-name')!.textContent = `${capital(runName(r))}${r.operator ? `, ${r.operator}` : ''}${mine ? ' (this tab)' : ''}`;
    li.querySelector('.run-item-state')!.textContent = progress(page, r);
    const button = li.querySelector<HTMLButtonElement>('.run-item-switch')!;
    button.hidden = mine;
    button.dataset.run = r.id;
    button.setAttribute('aria-label', `Switch to ${runName(r)}`);
  });
  fill(
    byId('run-chooser-list'),
    'run-choice',
    runs.filter((r) => r.id !== run.id && !isFinished(page, r)),
    (li, r) => {
      const button = li.querySelector<HTMLButtonElement>('.run-choice')!;
      button.textContent = `Continue ${runName(r)}`;
      button.dataset.run = r.id;
      li.querySelector('.run-choice-detail')!.textContent = `${progress(page, r)}${r.operator ? ` · ${r.operator}` : ''}`;
    },
  );
  const intro = byId('run-chooser-intro');
  if (intro)
    intro.textContent = byId('run-chooser-list')?.childElementCount
      ? 'This runbook has unfinished runs in this browser. Continue one, or start a new run for a new incident.'
      : 'Start a new run for a new incident.';
}

/** `changed` is told whenever the tab's run is another one, so the form can show its values. */
export function startRunPanel(page: ChecklistPage, store: RunStore, opening: Opening, changed: () => void): { actionDone: () => void } {
  const notice = byId('run-notice');
  const undoButton = byId<HTMLButtonElement>('run-undo');
  let undo: (() => void) | undefined;
  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  const say = (text: string) => {
    if (notice) notice.textContent = text;
  };
  const dropUndo = () => {
    undo = undefined;
    clearTimeout(undoTimer);
    if (undoButton) undoButton.hidden = true;
  };
  const switched = (text: string) => {
    dropUndo();
    say(text);
    changed();
  };

  const ticket = byId<HTMLInputElement>('run-ticket');
  ticket?.addEventListener('input', () => {
    const problem = ticketProblem(ticket.value.trim());
    ticket.setAttribute('aria-invalid', String(problem !== undefined));
    const error = byId('run-ticket-error');
    if (error) error.textContent = problem ?? '';
    if (problem) return;
    store.setTicket(ticket.value);
    renderRunPanel(page, store);
  });
  const operator = byId<HTMLInputElement>('run-operator');
  operator?.addEventListener('input', () => {
    store.setOperator(operator.value);
    renderRunPanel(page, store);
  });

  document.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('.run-item-switch, .run-choice');
    if (!button?.dataset.run) return;
    store.switchTo(button.dataset.run);
    byId<HTMLDialogElement>('run-chooser')?.close('continue');
    switched(`Switched to ${runName(store.current())}.`);
  });

  const chooser = byId<HTMLDialogElement>('run-chooser');
  const ask = () => {
    if (!chooser) return;
    // The panel is shown for pages with scripts; this script may run before search.ts says so.
    document.documentElement.classList.add('js');
    const newTicket = byId<HTMLInputElement>('run-new-ticket');
    if (newTicket) newTicket.value = '';
    chooser.returnValue = '';
    chooser.showModal();
    renderRunPanel(page, store);
    // The keyboard starts on the newest unfinished run, or on the new run's ticket.
    (chooser.querySelector<HTMLElement>('.run-choice') ?? newTicket)?.focus();
  };
  chooser?.addEventListener('close', () => {
    if (chooser.returnValue !== 'new') return;
    const value = (byId<HTMLInputElement>('run-new-ticket')?.value ?? '').trim();
    store.startNew(value && !ticketProblem(value) ? value : undefined, {});
    switched(`Started ${runName(store.current())}.`);
  });
  byId('new-run')?.addEventListener('click', ask);

  const startOverDialog = byId<HTMLDialogElement>('start-over-dialog');
  byId('start-over')?.addEventListener('click', () => {
    const run = store.current();
    const ticks = page.steps.filter((s) => run.ticks[s.id]).length;
    if (ticks === 0 || !startOverDialog) {
      say('Nothing to start over: no step of this run is ticked.');
      return;
    }
    const text = byId('start-over-text');
    if (text)
      text.textContent = `The ${ticks === 1 ? '1 tick' : `${ticks} ticks`} of ${runName(run)} will be cleared; its ticket, operator and values stay. You can undo it for a few seconds.`;
    startOverDialog.returnValue = '';
    startOverDialog.showModal();
  });
  startOverDialog?.addEventListener('close', () => {
    if (startOverDialog.returnValue !== 'start-over') return;
    const ticks = page.steps.filter((s) => store.current().ticks[s.id]).length;
    const undoIt = store.startOver();
    switched(`Started over: ${ticks === 1 ? '1 tick' : `${ticks} ticks`} cleared.`);
    undo = undoIt;
    if (undoButton) {
      undoButton.hidden = false;
      undoButton.focus();
    }
    undoTimer = setTimeout(dropUndo, UNDO_MS);
  });
  undoButton?.addEventListener('click', () => {
    const undoIt = undo;
    if (!undoIt) return;
    undoIt();
    switched(`Undone: ${runName(store.current())} has its ticks again.`);
    byId('start-over')?.focus();
  });

  if (opening === 'ask') ask();
  else if (opening === 'deep-link') {
    const open = store.runs().filter((r) => !isFinished(page, r)).length;
    say(
      `This link starts a new run.${open ? ` ${open === 1 ? 'An unfinished run is' : `${open} unfinished runs are`} kept under “Runs of this runbook”.` : ''}`,
    );
  }
  renderRunPanel(page, store);
  return {
    actionDone: () => {
      dropUndo();
      renderRunPanel(page, store);
    },
  };
}
