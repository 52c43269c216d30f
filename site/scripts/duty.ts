// "Who is on duty now", computed in the browser from the coverage windows of org.yaml (a
// static build cannot know the time). Uses the engine's own clock arithmetic.
import { teamOnDuty } from '../../src/coverage/clock.ts';
import type { Team } from '../../src/model.ts';
import { readJson } from './root.ts';

interface DutyData {
  people: Record<string, { name: string; contact: Record<string, string | undefined> }>;
  teams: Team[];
}

function onDuty(data: DutyData, team: Team, now: Date): string[] {
  return teamOnDuty(team, now) ? team.members.filter((m) => data.people[m]).map((m) => data.people[m]!.name) : [];
}

/** Fill `[data-duty-team]` cells and `[data-duty-tier]` lists; returns the data for callers. */
export function showDuty(now = new Date()): DutyData | undefined {
  const data = readJson<DutyData>('duty-data');
  if (!data) return undefined;
  for (const cell of document.querySelectorAll<HTMLElement>('[data-duty-team]')) {
    const team = data.teams.find((t) => t.id === cell.dataset.dutyTeam);
    if (!team) continue;
    const names = onDuty(data, team, now);
    cell.textContent = '';
    const span = document.createElement('span');
    span.className = names.length ? 'now' : 'nobody';
    span.textContent = names.length ? `Yes: ${names.join(', ')}` : 'Nobody now: go to the next level';
    cell.append(span);
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-duty-tier]')) {
    const teams = data.teams.filter((t) => t.tier === el.dataset.dutyTier);
    const lines = teams.map((t) => ({ team: t, names: onDuty(data, t, now) }));
    el.textContent = '';
    for (const { team, names } of lines) {
      const li = document.createElement('li');
      const label = document.createElement('strong');
      label.textContent = `${team.name}: `;
      li.append(label, names.length ? names.join(', ') : 'nobody on duty now');
      if (!names.length) li.className = 'nobody';
      el.append(li);
    }
  }
  return data;
}
