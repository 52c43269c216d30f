// `opsbook oncall`: who holds each team's pager now, the next 7 days, or a team's calendar.
import { resolve } from 'node:path';
import { loadOrg } from '../../catalog.ts';
import { orgFileFor } from '../../files.ts';
import type { Org, Team } from '../../model.ts';
import { TIERS } from '../../model.ts';
import { teamCalendar } from '../../oncall/ics.ts';
import { HORIZON_DAYS } from '../../oncall/now.ts';
import { timeline, type Segment } from '../../oncall/timeline.ts';
import { holderView, onCallEntry, type HolderView, type OnCallEntry } from '../../oncall/view.ts';
import { parse } from '../args.ts';
import { paint, UsageError, type Io } from '../io.ts';
import { timeFlags } from '../time-flags.ts';
import type { Command } from '../command.ts';

const help = `Usage: opsbook oncall [options]

Who answers for each team: the person holding the pager (an override, else the rotation's
member for the shift), inside the team's coverage windows; the whole team where it has no
rotation. A person who is away holds nothing: with no override, that is a gap.

Options:
  --at <time>         as of this instant (ISO 8601; without an offset, on the
                      clock of --tz; default: now)
  --team <id>         only this team
  --tier <I|II|III>   only teams of this tier
  --week              the schedule of the next 7 days per team
  --json              as JSON: one entry per team (with --week, its schedule)
  --ics <team>        the team's shifts for the next 12 weeks as an iCalendar file (RFC 5545, UTC)
  --tz <zone>         time zone to show times in (default: UTC)
  --root <dir>        the runbooks folder (default: runbooks)
  -h, --help          show this help

Exit codes: 0 ok, 2 usage error.

Examples:
  opsbook oncall
  opsbook oncall --tier II --at 2026-12-24T03:00:00+01:00 --tz Europe/Berlin
  opsbook oncall --team messaging-ops --week
  opsbook oncall --ics messaging-ops > messaging-ops.ics
`;

function when(d: Date, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function who(h: HolderView): string {
  if (h.kind === 'team') return `whole team${h.phone ? ` ${h.phone}` : ''} (${h.members.map((m) => m.name).join(', ') || 'nobody'})`;
  return `${h.name}${h.phone ? ` ${h.phone}` : ' (no phone)'}${h.via === 'override' ? ' (override)' : ''}`;
}

function nowLine(e: OnCallEntry, width: number, tz: string, io: Io): string {
  const head = `  ${e.name.padEnd(width)}  `;
  const until = e.until ? `until ${when(new Date(e.until), tz)}` : `no change within ${HORIZON_DAYS / 7} weeks`;
  const again = e.next !== null && e.onCall !== null && e.next.kind === e.onCall.kind && e.next.id === e.onCall.id;
  const then = e.next && (again ? 'again' : `then ${e.next.kind === 'team' ? 'the whole team' : e.next.name}`);
  const next = e.next ? `; ${then} from ${when(new Date(e.next.from), tz)}` : '';
  if (e.onCall) return `${head}${who(e.onCall)}, ${until}${next}\n`;
  const label = `nobody (${e.reason ?? 'gap'})`;
  return `${head}${e.reason === 'outside the coverage windows' ? label : paint(io, 'red', label)} ${until}${next}\n`;
}

function segmentLine(org: Org, team: Team, s: Segment, tz: string, io: Io): string {
  const span = `${when(s.from, tz)} – ${when(s.to, tz)}`;
  if (s.state === 'off') return `  ${span}  nobody (outside the coverage windows)\n`;
  if (s.state === 'gap') return `  ${span}  ${paint(io, 'red', `GAP: ${s.cause ?? ''}`)}\n`;
  return `  ${span}  ${who(holderView(org, team, s.holder!))}\n`;
}

/** One stretch of `--week --json`: who answers (null for nobody) and, for nobody, why. */
function scheduleEntry(org: Org, team: Team, s: Segment) {
  const reason = s.state === 'off' ? 'outside the coverage windows' : s.cause;
  return { from: s.from.toISOString(), to: s.to.toISOString(), onCall: s.holder ? holderView(org, team, s.holder) : null, ...(reason ? { reason } : {}) };
}

function pickTeams(org: Org, id: string | undefined, tier: string | undefined): Team[] {
  if (tier !== undefined && !(TIERS as readonly string[]).includes(tier)) throw new UsageError(`--tier takes I, II or III, not \`${tier}\``);
  const known = () => org.teams.map((t) => `\`${t.id}\``).join(', ');
  if (id !== undefined && !org.teams.some((t) => t.id === id)) throw new UsageError(`Unknown team \`${id}\`; expected one of ${known()}`);
  return org.teams.filter((t) => (id === undefined || t.id === id) && (tier === undefined || t.tier === tier));
}

const command: Command = {
  summary: 'who is on call now, this week, or as a calendar',
  help,
  async run(args, io) {
    const { values, positionals } = parse('oncall', args, {
      at: { type: 'string' },
      team: { type: 'string' },
      tier: { type: 'string' },
      week: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      ics: { type: 'string' },
      tz: { type: 'string', default: 'UTC' },
      root: { type: 'string', default: 'runbooks' },
    });
    if (positionals.length) throw new UsageError(`Unexpected argument \`${positionals[0]}\``);
    const at = timeFlags(values, '2026-12-24T03:00:00+01:00');
    if (values.ics !== undefined && (values.json || values.week || values.team !== undefined || values.tier !== undefined))
      throw new UsageError("--ics writes one team's calendar; it does not combine with --json, --week, --team or --tier");
    const dir = resolve(io.cwd, values.root);
    const { org, diagnostics } = loadOrg(orgFileFor(dir, io.cwd, {}), io.cwd);
    if (!org) {
      const d = diagnostics[0];
      throw new UsageError(
        d ? `${d.path}:${d.line}:${d.column}: ${d.message}` : `No org file for ${values.root}/`,
        'Who is on call comes from org.yaml; `opsbook check` says what is wrong.',
      );
    }
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    if (errors)
      io.stderr.write(`Warning: the org file has ${errors} check error${errors === 1 ? '' : 's'}; entries with errors are left out (see \`opsbook check\`).\n`);
    if (values.ics !== undefined) {
      const [team] = pickTeams(org, values.ics, undefined);
      if (!team.rotation)
        throw new UsageError(
          `Team \`${team.id}\` has no rotation: the whole team answers, so there are no shifts to put in a calendar`,
          'Add a `rotation` to the team in org.yaml to name who holds the pager.',
        );
      io.stdout.write(teamCalendar(org, team, at));
      return 0;
    }
    const teams = pickTeams(org, values.team, values.tier);
    if (values.week) {
      const end = new Date(at.getTime() + 7 * 86_400_000);
      if (values.json) {
        const weeks = teams.map((team) => ({
          team: team.id,
          name: team.name,
          tier: team.tier,
          rotation: team.rotation !== undefined,
          schedule: timeline(org, team, at, end).map((s) => scheduleEntry(org, team, s)),
        }));
        io.stdout.write(`${JSON.stringify(weeks, null, 2)}\n`);
        return 0;
      }
      for (const team of teams) {
        io.stdout.write(`${paint(io, 'bold', `${team.name} (Tier ${team.tier})`)}${team.rotation ? '' : ', no rotation: the whole team answers'}\n`);
        for (const s of timeline(org, team, at, end)) io.stdout.write(segmentLine(org, team, s, values.tz, io));
        io.stdout.write('\n');
      }
      return 0;
    }
    const entries = teams.map((t) => onCallEntry(org, t, at));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(`${paint(io, 'bold', 'On call')} at ${when(at, values.tz)} (${values.tz})\n`);
    const width = Math.max(0, ...entries.map((e) => e.name.length));
    for (const tier of TIERS) {
      const of = entries.filter((e) => e.tier === tier);
      if (!of.length) continue;
      io.stdout.write(`\nTier ${tier}\n`);
      for (const e of of) io.stdout.write(nowLine(e, width, values.tz, io));
    }
    return 0;
  },
};

export default command;
