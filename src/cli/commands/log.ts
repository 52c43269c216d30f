// `opsbook log list | show | verify | import`: the audit trail of runs.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { importRecord } from '../../log/import.ts';
import { listRuns, logFiles, readLog, summarise } from '../../log/read.ts';
import { showData, showLines, runHosts } from '../../log/show.ts';
import { duration } from '../../log/timeline.ts';
import { visible } from '../../render/visible.ts';
import { LogDirError, logFile } from '../../log/writer.ts';
import { parse } from '../args.ts';
import { paint, UsageError, type Io } from '../io.ts';
import type { Command } from '../command.ts';

const help = `Usage: opsbook log <list|show|verify|import> [options]

  opsbook log list                 runs with runbook, operator, start, duration and result
  opsbook log show <run-id>        one run as a readable timeline; a fleet step's
                                   hosts grouped by host (batch, state, exit code,
                                   duration, output)
  opsbook log verify [run-id]      check the hash chain of one run, or of every run (--all)
  opsbook log import <file>        add a browser run record (downloaded from the manual)

Logs are JSON Lines, one event a line (schemas/run-log.schema.json); ship the files
themselves to a log pipeline.

Options:
  --log-dir <dir>   the log directory (default: $OPSBOOK_LOG_DIR or .opsbook/runs)
  --all             verify every run
  --json            machine-readable output (list, show, verify)
  --host <name>     show: of the fleet steps' hosts, only this one
  -h, --help        show this help

Exit codes: 0 ok, 1 a log failed verification or an import was refused, 2 usage error.
`;

function runFile(io: Io, dir: string, id: string | undefined): string {
  if (!id) throw new UsageError('Expected a run id', 'List runs with `opsbook log list`.');
  if (!/^\d{8}T\d{6}Z-[0-9a-f]{6}$/.test(id)) throw new UsageError(`\`${id}\` is not a run id (like 20261125T101500Z-3f2a1c)`);
  const file = logFile(dir, id);
  if (!logFiles(dir).includes(file)) throw new UsageError(`No run \`${id}\` in ${relative(io.cwd, dir) || '.'}`, 'List runs with `opsbook log list`.');
  return file;
}

const command: Command = {
  summary: 'list, show, verify and import run logs',
  help,
  async run(args, io) {
    const { values, positionals } = parse('log', args, {
      'log-dir': { type: 'string' },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      host: { type: 'string' },
    });
    const dir = resolve(io.cwd, values['log-dir'] ?? io.env.OPSBOOK_LOG_DIR ?? '.opsbook/runs');
    const [sub, arg, ...extra] = positionals;
    if (extra.length) throw new UsageError(`Unexpected argument \`${extra[0]}\``);
    switch (sub) {
      case 'list': {
        const runs = listRuns(dir);
        if (values.json) {
          io.stdout.write(
            `${JSON.stringify(
              runs.map(({ file, ...r }) => ({ ...r, file: relative(io.cwd, file) })),
              null,
              2,
            )}\n`,
          );
          return 0;
        }
        if (runs.length === 0) {
          io.stdout.write(`No runs in ${relative(io.cwd, dir) || '.'}.\n`);
          return 0;
        }
        io.stdout.write(
          `${'RUN'.padEnd(24)}  ${'RUNBOOK'.padEnd(32)}  ${'OPERATOR'.padEnd(10)}  ${'MODE'.padEnd(8)}  ${'STARTED (UTC)'.padEnd(19)}  ${'DURATION'.padEnd(12)}  RESULT\n`,
        );
        for (const r of runs) {
          const took = r.endedAt ? duration(Date.parse(r.endedAt) - Date.parse(r.startedAt)) : '-';
          io.stdout.write(
            `${r.run.padEnd(24)}  ${visible(r.runbookId).padEnd(32)}  ${visible(r.operator).padEnd(10)}  ${r.mode.padEnd(8)}  ${r.startedAt.slice(0, 19).replace('T', ' ')}  ${took.padEnd(12)}  ${r.result}${r.verified ? '' : ' (log fails verify)'}\n`,
          );
        }
        return 0;
      }
      case 'show': {
        const log = readLog(runFile(io, dir, arg));
        const host = values.host;
        if (host !== undefined && !runHosts(log.events).includes(host)) {
          const hosts = runHosts(log.events);
          throw new UsageError(
            `Run \`${arg}\` has no host \`${visible(host)}\``,
            hosts.length ? `Its fleet steps ran on: ${visible(hosts.join(' '))}.` : 'It has no fleet step.',
          );
        }
        if (values.json) {
          io.stdout.write(`${JSON.stringify(showData(log.events, host), null, 2)}\n`);
          return log.problem ? 1 : 0;
        }
        for (const { at, text } of showLines(log.events, host)) io.stdout.write(`${paint(io, 'dim', at)}  ${text}\n`);
        if (log.problem) io.stderr.write(`line ${log.problem.line}: ${log.problem.message}\n`);
        return log.problem && !log.torn ? 1 : 0;
      }
      case 'verify': {
        if (!arg && !values.all) throw new UsageError('Name a run id, or pass --all');
        const files = values.all ? logFiles(dir) : [runFile(io, dir, arg)];
        let bad = 0;
        const results = files.map((file) => {
          const log = readLog(file);
          if (log.problem) bad++;
          return {
            run: summarise(log)?.run ?? relative(io.cwd, file),
            file: relative(io.cwd, file),
            ok: !log.problem,
            events: log.events.length,
            ...(log.problem ? { line: log.problem.line, problem: log.problem.message, torn: log.torn } : {}),
          };
        });
        if (values.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else {
          for (const r of results) io.stdout.write(r.ok ? `ok      ${r.file} (${r.events} events)\n` : `FAILED  ${r.file}:${r.line}: ${r.problem}\n`);
          io.stdout.write(`${files.length - bad} of ${files.length} logs verified.\n`);
        }
        return bad > 0 ? 1 : 0;
      }
      case 'import': {
        if (!arg) throw new UsageError('Expected the file to import', 'Example: opsbook log import ~/Downloads/20261125T101500Z-3f2a1c-password-reset.jsonl');
        let text: string;
        try {
          text = readFileSync(resolve(io.cwd, arg), 'utf8');
        } catch (error) {
          throw new UsageError(`Cannot read \`${arg}\` (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
        let result: ReturnType<typeof importRecord>;
        try {
          result = importRecord(arg, text, dir);
        } catch (error) {
          if (error instanceof LogDirError) throw new UsageError(error.message, 'Pass --log-dir with a folder you can write, or set OPSBOOK_LOG_DIR.');
          throw error;
        }
        if (!result.ok) {
          io.stderr.write(`${arg}:${result.line}: not imported: ${result.message}\n`);
          return 1;
        }
        io.stdout.write(`Imported run ${result.run} (${result.events} events) into ${relative(io.cwd, result.file)}\n`);
        return 0;
      }
      default:
        throw new UsageError(
          sub ? `Unknown log command \`${sub}\`; expected list, show, verify or import` : 'Expected list, show, verify or import',
          'Run `opsbook log --help` for usage.',
        );
    }
  },
};

export default command;
