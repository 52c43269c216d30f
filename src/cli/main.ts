// `opsbook <command>`: dispatch to one command module. Returns the exit code;
// only bin/opsbook.js touches process.exitCode, and nothing here calls process.exit().
import type { Command } from './command.ts';
import { LoadError, reportFailure } from './failure.ts';
import { processIo, type Io } from './io.ts';
import { visible } from '../render/visible.ts';
import { closest } from './suggest.ts';
import { version } from './version.ts';

/** Commands load lazily so `opsbook check` does not pay for the runner or the site. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  check: { summary: 'validate runbooks and the org file', load: async () => (await import('./commands/check.ts')).default },
  build: { summary: 'check, then build the static manual into dist/', load: async () => (await import('./commands/build.ts')).default },
  serve: { summary: 'serve the built manual on localhost', load: async () => (await import('./commands/serve.ts')).default },
  search: { summary: 'search the runbooks like the manual does', load: async () => (await import('./commands/search.ts')).default },
  run: { summary: 'run a runbook step by step, with an audit log', load: async () => (await import('./commands/run.ts')).default },
  log: { summary: 'list, show, verify and import run logs', load: async () => (await import('./commands/log.ts')).default },
  audit: { summary: 'audit ownership, reviews, coverage and escalation', load: async () => (await import('./commands/audit.ts')).default },
  oncall: { summary: 'who is on call now, this week, or as a calendar', load: async () => (await import('./commands/oncall.ts')).default },
  new: { summary: 'scaffold a valid runbook', load: async () => (await import('./commands/new.ts')).default },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: opsbook <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     show help for opsbook or a command',
    '  -v, --version  print the version',
    '  --no-color     no colour (NO_COLOR is respected too)',
    '  --debug        print the stack of an internal error',
    '',
    'Exit codes: 0 ok, 1 findings or a failed run, 2 usage or internal error.',
    '',
    'Examples:',
    '  opsbook check runbooks/',
    '  opsbook run host-health-triage --param HOST=localhost',
    '',
  ].join('\n');
}

/** Options of opsbook itself, taken before the command as after it. */
const GLOBAL_FLAGS = new Set(['--debug', '--no-color']);

export async function main(argv: string[], io: Io = processIo(argv)): Promise<number> {
  const start = argv.findIndex((a) => !GLOBAL_FLAGS.has(a));
  const [name, ...rest] = start === -1 ? [] : argv.slice(start);
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '-v' || name === '--version') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    const near = closest(name, Object.keys(COMMANDS));
    const known = Object.keys(COMMANDS).map((c) => `\`${c}\``);
    const expected = near ? `did you mean \`${near}\`?` : `expected one of ${known.join(', ')}`;
    io.stderr.write(`opsbook: unknown command \`${visible(name)}\`; ${expected}\nRun \`opsbook --help\` for usage.\n`);
    return 2;
  }
  // Loading is inside the one handler too: a missing package is a line, not a stack.
  try {
    const command = await entry.load().catch((cause: unknown) => {
      throw new LoadError(cause);
    });
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout.write(command.help);
      return 0;
    }
    const args = rest.filter((a) => a !== '--debug' && a !== '--no-color');
    return await command.run(args, io);
  } catch (error) {
    return reportFailure(name, error, argv.includes('--debug'), io);
  }
}
