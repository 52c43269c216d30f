// The steps as a checklist of the tab's run: the boxes, the sticky "2 of 7 steps done ·
// next: …" bar, whose link moves focus to the next open step.
import type { ChecklistPage, RunStore } from './runs.ts';

export function renderChecklist(page: ChecklistPage, store: RunStore): void {
  const { ticks } = store.current();
  const done = page.steps.filter((s) => ticks[s.id]).length;
  const progress = document.getElementById('progress');
  if (progress) progress.textContent = `${done} of ${page.steps.length} steps done`;
  for (const step of page.steps) {
    const box = document.getElementById(`check-${step.id}`) as HTMLInputElement | null;
    if (box) box.checked = Boolean(ticks[step.id]);
    document.getElementById(`step-${step.id}`)?.classList.toggle('done', Boolean(ticks[step.id]));
  }
  const next = page.steps.find((s) => !ticks[s.id]);
  const link = document.getElementById('next-step') as HTMLAnchorElement | null;
  const sep = document.getElementById('next-step-sep');
  if (!link || !sep) return;
  link.hidden = sep.hidden = next === undefined;
  if (!next) {
    link.textContent = '';
    delete link.dataset.step;
  } else {
    link.textContent = `next: ${next.title}`;
    link.href = `#step-${next.id}`;
    link.dataset.step = next.id;
  }
}

/** Scroll the step to just below the sticky bar and put the keyboard on its box. */
function goToStep(id: string): void {
  const step = document.getElementById(`step-${id}`);
  const box = document.getElementById(`check-${id}`);
  step?.scrollIntoView({ block: 'start' });
  box?.focus({ preventScroll: true });
}

/** `ticked` is told after each tick, so the rest of the page can follow. */
export function startChecklist(page: ChecklistPage, store: RunStore, ticked: () => void): void {
  for (const step of page.steps) {
    const box = document.getElementById(`check-${step.id}`) as HTMLInputElement | null;
    box?.addEventListener('change', () => {
      store.tick(step.id, box.checked);
      renderChecklist(page, store);
      ticked();
    });
  }
  const link = document.getElementById('next-step') as HTMLAnchorElement | null;
  link?.addEventListener('click', (event) => {
    if (!link.dataset.step) return;
    event.preventDefault();
    goToStep(link.dataset.step);
  });
  renderChecklist(page, store);
}
