// The steps as a checklist: the boxes, "2 of 7 steps done", and Start over.
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
}

export function startChecklist(page: ChecklistPage, store: RunStore): void {
  for (const step of page.steps) {
    const box = document.getElementById(`check-${step.id}`) as HTMLInputElement | null;
    box?.addEventListener('change', () => {
      store.tick(step.id, box.checked);
      renderChecklist(page, store);
    });
  }
  document.getElementById('start-over')?.addEventListener('click', () => {
    store.startOver();
    renderChecklist(page, store);
  });
  renderChecklist(page, store);
}
