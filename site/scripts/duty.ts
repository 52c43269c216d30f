// "Who is on duty now", computed in the browser from org.yaml (a static build cannot know
// the time): the person on call where a team has a rotation, else the whole team. Uses the
// engine's own on-call arithmetic; worked out again every minute and whenever the page comes
// back into view, and says as of when, in the reader's time zone.
import type { Team } from '../../src/model.ts';
import { answering, callable, contactNodes, type Answering, type DutyData } from './oncall.ts';
import { readJson } from './root.ts';
import { clockText, inText, whenText } from './when.ts';

function el(tag: string, className: string, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  e.append(...children);
  return e;
}

/** The names (as `tel:` links), or why nobody answers and when someone does again. */
function render(a: Answering, nobody: string, now: Date): (Node | string)[] {
  if (!a.who.length) {
    const why = a.cause ? `Nobody: ${a.cause}` : nobody;
    return [a.back ? `${why}; answers from ${whenText(a.back, now)} (${inText(a.back, now)}).` : `${why}; nobody within 8 weeks.`];
  }
  const out: (Node | string)[] = [];
  a.who.forEach((w, i) => out.push(...(i ? [', '] : []), callable(w)));
  if (a.person) {
    out.push(' (on call)');
    const phone = a.who[0]?.phone;
    if (phone) out.push(' · ', ...contactNodes({ phone }));
  }
  return out;
}

/** Under an escalation path whose last levels nobody answers: say so, and what to do. */
function pathNote(box: HTMLElement, levels: { team: Team; a: Answering }[], now: Date): void {
  box.textContent = '';
  const lastOn = levels.findLastIndex((l) => l.a.who.length > 0);
  const silent = levels.slice(lastOn + 1);
  box.hidden = silent.length === 0;
  if (!silent.length) return;
  const headline =
    lastOn < 0
      ? `Nobody on this escalation path answers now, at ${clockText(now)}.`
      : `Nobody after level ${lastOn + 1} (${levels[lastOn].team.name}) answers at this hour: if it cannot solve it, nobody further up can be called now.`;
  const last = silent.at(-1)!.team;
  const first = silent.filter((l) => l.a.back).sort((x, y) => x.a.back!.getTime() - y.a.back!.getTime())[0];
  const todo = el('p', '', `Leave a message for ${last.name}, the last level: `, ...contactNodes(last.contact), '.');
  let when: HTMLElement;
  if (!first) when = el('p', '', 'None of them is on duty within 8 weeks: call the runbook’s owner (see Facts) and tell your manager.');
  else {
    const from = `from ${whenText(first.a.back!, now)} (${inText(first.a.back!, now)})`;
    const phone = first.team !== last && first.team.contact.phone ? [': ', ...contactNodes({ phone: first.team.contact.phone })] : [];
    const text =
      silent.length === 1 ? `${first.team.name} answers ${from}` : `First to answer: ${first.team.name} (level ${levels.indexOf(first) + 1}), ${from}`;
    when = el('p', '', text, ...phone, '.');
  }
  box.append(el('p', 'nobody', headline), todo, when);
}

function fill(data: DutyData, now: Date): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-duty-asof]')) el.textContent = `as of ${clockText(now)}`;
  for (const path of document.querySelectorAll<HTMLElement>('[data-duty-path]')) {
    const cells = [...path.querySelectorAll<HTMLElement>('[data-duty-team]')];
    const levels = cells.flatMap((cell) => {
      const team = data.teams.find((t) => t.id === cell.dataset.dutyTeam);
      return team ? [{ cell, team, a: answering(data, team, now) }] : [];
    });
    levels.forEach(({ cell, a }, i) => {
      const tail = i === levels.length - 1 ? ' Last level: see below.' : ' Go to the next level.';
      cell.replaceChildren(a.who.length ? el('span', 'now', 'Yes: ', ...render(a, '', now)) : el('span', 'nobody', ...render(a, 'Nobody now', now), tail));
    });
    const note = path.querySelector<HTMLElement>('[data-duty-note]');
    if (note) pathNote(note, levels, now);
  }
  for (const list of document.querySelectorAll<HTMLElement>('[data-duty-tier]')) {
    list.replaceChildren(
      ...data.teams
        .filter((t) => t.tier === list.dataset.dutyTier)
        .map((team) => {
          const a = answering(data, team, now);
          return el('li', a.who.length ? '' : 'nobody', el('strong', '', `${team.name}: `), ...render(a, 'nobody on duty now', now));
        }),
    );
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Fill `[data-duty-path]` escalation tables (their `[data-duty-team]` cells and
 * `[data-duty-note]`), `[data-duty-tier]` lists and `[data-duty-asof]` times, then again at
 * the start of every minute and when the window gets focus or the page is shown again.
 */
export function showDuty(): DutyData | undefined {
  const data = readJson<DutyData>('duty-data');
  if (!data) return undefined;
  const refresh = () => {
    clearTimeout(timer);
    fill(data, new Date());
    timer = setTimeout(refresh, 60_000 - (Date.now() % 60_000));
  };
  refresh();
  window.addEventListener('focus', refresh);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refresh();
  });
  return data;
}
