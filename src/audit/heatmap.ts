// The coverage heat-map as SVG, generated at build time: one row per tier or team, one cell
// per hour of the week. Readable without colour: a gap is hatched and marked with a cross,
// every row has a text label, and each cell has a <title> for screen readers and tooltips.
import { escapeHtml } from '../render/html.ts';
import { HOURS } from './week.ts';

export interface HeatRow {
  label: string;
  /** For each of the 168 hours, who is on duty (empty: nobody). */
  hours: string[][];
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const CELL = 6;
const ROW = 22;
const LABEL = 260;

export function heatmapSvg(rows: HeatRow[], caption: string): string {
  const width = LABEL + HOURS * CELL + 10;
  const height = 30 + rows.length * ROW + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="heatmap-title" class="heatmap">`,
    `<title id="heatmap-title">${escapeHtml(caption)}</title>`,
    '<defs><pattern id="gap-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="4" stroke="#b3261e" stroke-width="2"/></pattern></defs>',
  ];
  DAYS.forEach((day, d) => {
    const x = LABEL + d * 24 * CELL;
    parts.push(`<text x="${x + 2}" y="14" font-size="11" fill="currentColor">${day}</text>`);
    parts.push(`<line x1="${x}" y1="18" x2="${x}" y2="${height - 8}" stroke="currentColor" stroke-width="0.5"/>`);
  });
  rows.forEach((row, r) => {
    const y = 26 + r * ROW;
    const gaps = row.hours.filter((h) => h.length === 0).length;
    parts.push(`<text x="0" y="${y + 13}" font-size="11" fill="currentColor">${escapeHtml(row.label)}${gaps ? ` (${gaps} h gap)` : ''}</text>`);
    row.hours.forEach((who, h) => {
      const x = LABEL + h * CELL;
      const label = `${DAYS[Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}:00 ${row.label}: ${who.length ? who.join(', ') : 'nobody on duty'}`;
      if (who.length) parts.push(`<rect x="${x}" y="${y}" width="${CELL}" height="16" fill="#1d5e2e"><title>${escapeHtml(label)}</title></rect>`);
      else parts.push(`<g class="gap"><rect x="${x}" y="${y}" width="${CELL}" height="16" fill="url(#gap-hatch)" stroke="#b3261e" stroke-width="0.5"><title>${escapeHtml(label)}</title></rect><path d="M${x} ${y + 6}l${CELL} 4M${x} ${y + 10}l${CELL} -4" stroke="#000" stroke-width="0.6"/></g>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
