// "Who is on duty now", computed in the browser from org.yaml (a static build cannot know
// the time): the person on call where a team has a rotation, else the whole team. Uses the
// engine's own on-call arithmetic.
import { answering, callable, type Answering, type DutyData } from './oncall.ts';
import { readJson } from './root.ts';

/** The names (as `tel:` links), or why nobody answers. */
function render(a: Answering, nobody: string): Node[] {
  if (!a.who.length) return [document.createTextNode(a.cause ? `Nobody: ${a.cause}` : nobody)];
  const out: Node[] = [];
  a.who.forEach((w, i) => out.push(...(i ? [document.createTextNode(', ')] : []), callable(w)));
  if (a.person) out.push(document.createTextNode(' (on call)'));
  return out;
}

/** Fill `[data-duty-team]` cells and `[data-duty-tier]` lists; returns the data for callers. */
export function showDuty(now = new Date()): DutyData | undefined {
  const data = readJson<DutyData>('duty-data');
  if (!data) return undefined;
  for (const cell of document.querySelectorAll<HTMLElement>('[data-duty-team]')) {
    const team = data.teams.find((t) => t.id === cell.dataset.dutyTeam);
    if (!team) continue;
    const a = answering(data, team, now);
    cell.textContent = '';
    const span = document.createElement('span');
    span.className = a.who.length ? 'now' : 'nobody';
    if (a.who.length) span.append('Yes: ', ...render(a, ''));
    else span.append(...render(a, 'Nobody now'), ': go to the next level');
    cell.append(span);
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-duty-tier]')) {
    const teams = data.teams.filter((t) => t.tier === el.dataset.dutyTier);
    el.textContent = '';
    for (const team of teams) {
      const a = answering(data, team, now);
      const li = document.createElement('li');
      const label = document.createElement('strong');
      label.textContent = `${team.name}: `;
      li.append(label, ...render(a, 'nobody on duty now'));
      if (!a.who.length) li.className = 'nobody';
      el.append(li);
    }
  }
  return data;
}
