// The audit page: filter findings by severity and check; sort any table by a column; the heat-map
// and the "pick a day and hour" control.
const severity = document.querySelector<HTMLSelectElement>('#filter-severity');
const check = document.querySelector<HTMLSelectElement>('#filter-check');
const count = document.querySelector<HTMLElement>('#filter-count');

function filter(): void {
  const rows = [...document.querySelectorAll<HTMLTableRowElement>('#findings tbody tr')];
  let shown = 0;
  for (const row of rows) {
    const visible = (!severity?.value || row.dataset.severity === severity.value) && (!check?.value || row.dataset.check === check.value);
    row.hidden = !visible;
    if (visible) shown++;
  }
  if (count) count.textContent = `${shown} of ${rows.length} findings shown`;
}
severity?.addEventListener('change', filter);
check?.addEventListener('change', filter);
filter();

for (const button of document.querySelectorAll<HTMLButtonElement>('table.sortable th button')) {
  button.addEventListener('click', () => {
    const table = button.closest('table')!;
    const column = Number(button.dataset.sort);
    const th = button.closest('th')!;
    const ascending = th.getAttribute('aria-sort') !== 'ascending';
    for (const other of table.querySelectorAll('th')) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const key = (row: HTMLTableRowElement) => row.cells[column]?.textContent?.trim() ?? '';
    rows.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const numeric = Number(x) - Number(y);
      const order = Number.isNaN(numeric) ? x.localeCompare(y) : numeric;
      return ascending ? order : -order;
    });
    body.append(...rows);
  });
}

// The heat-map: one tab stop per grid; the arrow keys (Home and End for the day's ends) move
// between hours, a tap or a click selects one, and the grid's detail line shows what the
// focused cell says. Enter puts the cell's day and hour into the picker below.
const reachForm = document.querySelector<HTMLFormElement>('#reach-form');

function showHour(hour: number): void {
  const region = document.querySelector<HTMLElement>('#reach-answer');
  if (!region || !reachForm) return;
  const byHour = (region.dataset.byHour ?? '').split(' ').map(Number);
  for (const answer of region.querySelectorAll<HTMLElement>('[data-answer]')) answer.hidden = Number(answer.dataset.answer) !== byHour[hour];
  const day = reachForm.elements.namedItem('day') as HTMLSelectElement;
  const clock = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const when = region.querySelector('#reach-when strong');
  if (when) when.textContent = `${day.options[Math.floor(hour / 24)]?.text ?? ''}, ${clock(hour % 24)}–${clock((hour % 24) + 1)} (${region.dataset.tz ?? ''})`;
}

reachForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  const day = Number((reachForm.elements.namedItem('day') as HTMLSelectElement).value);
  const hour = Number((reachForm.elements.namedItem('hour') as HTMLSelectElement).value);
  showHour(day * 24 + hour);
});

for (const table of document.querySelectorAll<HTMLTableElement>('table.heatmap')) {
  const rows = [...table.tBodies[0].rows].map((row) => [...row.querySelectorAll<HTMLTableCellElement>('td')]);
  const detail = table.getAttribute('aria-describedby');
  const line = detail ? document.getElementById(detail) : null;
  const show = (cell: HTMLTableCellElement) => {
    if (line) line.textContent = cell.title;
  };
  // Only the grid's current cell is focusable: 1,848 focusable cells would make every tab
  // order and accessibility check walk them all.
  const move = (cell: HTMLTableCellElement) => {
    for (const other of table.querySelectorAll<HTMLElement>('td[tabindex]')) if (other !== cell) other.removeAttribute('tabindex');
    cell.tabIndex = 0;
    cell.focus();
  };
  rows.forEach((cells, d) =>
    cells.forEach((cell, h) => {
      if (d === 0 && h === 0) cell.tabIndex = 0;
      cell.addEventListener('focus', () => show(cell));
      cell.addEventListener('mouseenter', () => show(cell));
      cell.addEventListener('click', () => move(cell));
      cell.addEventListener('keydown', (event) => {
        const to: Record<string, [number, number]> = {
          ArrowRight: [d, Math.min(23, h + 1)],
          ArrowLeft: [d, Math.max(0, h - 1)],
          ArrowDown: [Math.min(rows.length - 1, d + 1), h],
          ArrowUp: [Math.max(0, d - 1), h],
          Home: [d, 0],
          End: [d, 23],
        };
        if (event.key === 'Enter' && reachForm) {
          (reachForm.elements.namedItem('day') as HTMLSelectElement).value = String(d);
          (reachForm.elements.namedItem('hour') as HTMLSelectElement).value = String(h);
          showHour(d * 24 + h);
          event.preventDefault();
          return;
        }
        const target = to[event.key];
        if (!target) return;
        event.preventDefault();
        const next = rows[target[0]]?.[target[1]];
        if (next) move(next);
      });
    }),
  );
}
