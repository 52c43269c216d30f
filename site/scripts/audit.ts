// The audit page: filter findings by severity and check; sort any table by a column.
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
