// oncall/<team>.ics: each rotation's shifts for the 12 weeks after the build, for staff to subscribe to.
import type { APIRoute } from 'astro';
import { teamCalendar } from '../../../src/oncall/ics.ts';
import { manual } from '../../lib/manual.ts';

export async function getStaticPaths() {
  const m = manual();
  return m.org.teams.filter((t) => t.rotation).map((t) => ({ params: { team: t.id } }));
}

export const GET: APIRoute = async ({ params }) => {
  const m = manual();
  const team = m.org.teams.find((t) => t.id === params.team)!;
  return new Response(teamCalendar(m.org, team, new Date()), { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
