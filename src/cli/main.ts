// `opsbook <command>`: dispatch to one command module. Returns the exit code;
// only bin/opsbook.js touches process.exitCode, and nothing here calls process.exit().
import { processIo, UsageError, type Io } from './io.ts';
import { version } from './version.ts';

export interface Command {
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(args: string[], io: Io): Promise<number>;
}

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

export async function main(argv: string[], io: Io = processIo(argv)): Promise<number> {
  const [name, ...rest] = argv;
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
    io.stderr.write(`opsbook: unknown command \`${name}\`; expected one of ${Object.keys(COMMANDS).map((c) => `\`${c}\``).join(', ')}\nRun \`opsbook --help\` for usage.\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest.filter((a) => a !== '--debug' && a !== '--no-color'), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`opsbook ${name}: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
      return 2;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    io.stderr.write(`opsbook ${name}: internal error: ${err.message}\nThis is a bug in opsbook ${version()}; please report it${argv.includes('--debug') ? '.' : ' (run again with --debug for the stack).'}\n`);
    if (argv.includes('--debug')) io.stderr.write(`${err.stack ?? ''}\n`);
    return 2;
  }
}
