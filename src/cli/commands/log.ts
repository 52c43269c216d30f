// `opsbook log list | show | verify | import`: the audit trail of runs.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { importRecord } from '../../log/import.ts';
import { readLedger } from '../../log/ledger.ts';
import { listRuns, logDirUnreadable, logFiles, readLog } from '../../log/read.ts';
import { showData, showLines, runHosts } from '../../log/show.ts';
import { openSigningKey, readOrg, signersOf } from '../../log/signing-key.ts';
import { verifyFolder, verifyLedger, verifyRun, type Verdict } from '../../log/verify.ts';
import { findOperator } from '../../run/operator.ts';
import { Refusal } from '../../run/refusal.ts';
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
  opsbook log verify [run-id]      check one run (or every run and the ledger, --all): its
                                   hash chain, its signatures and the ledger's record of it
  opsbook log import <file>        add a browser run record (downloaded from the manual)

Logs are JSON Lines, one event a line (schemas/run-log.schema.json); ship the files
themselves to a log pipeline.

Options:
  --log-dir <dir>   the log directory (default: $OPSBOOK_LOG_DIR or .opsbook/runs)
  --all             verify every run, the ledger, and that each names the other
  --require-signed  verify: an unsigned run is an error, not a warning
  --root <dir>      verify, import: the runbooks folder whose org.yaml says whose keys sign
                    (default: runbooks)
  --sign            import: sign the record with your key (--signing-key or
                    $OPSBOOK_SIGNING_KEY; yours in org.yaml); unsigned it is self-reported
  --signing-key <file>  import --sign: the private key, or the .pub of a key in ssh-agent
  --operator <id>   import --sign: who signs (default: your OS user mapped through org.yaml)
  --json            machine-readable output (list, show, verify)
  --host <name>     show: of the fleet steps' hosts, only this one
  -h, --help        show this help

A signed run carries a signed checkpoint after each step's end and a signed final head in
its run-end; ledger.jsonl in the log folder lists every run's start and end. verify names
who signed each run, and each failure with its line: a signature that is invalid or by a
key not in org.yaml, a tail cut after a checkpoint or the final head, a file whose run id
is not its name, an empty log, a run missing from the ledger or a ledger entry without its
file. An unsigned run (or a log older than the ledger) is a warning.

Exit codes: 0 ok, 1 a log failed verification or an import was refused, 2 usage error.
`;

function runFile(io: Io, dir: string, id: string | undefined): string {
  if (!id) throw new UsageError('Expected a run id', 'List runs with `opsbook log list`.');
  if (!/^\d{8}T\d{6}Z-[0-9a-f]{6}$/.test(id)) throw new UsageError(`\`${id}\` is not a run id (like 20261125T101500Z-3f2a1c)`);
  const file = logFile(dir, id);
  if (!logFiles(dir).includes(file)) throw new UsageError(`No run \`${id}\` in ${relative(io.cwd, dir) || '.'}`, 'List runs with `opsbook log list`.');
  return file;
}

/** One line per run (ok, signed by whom; or each failure with its line), warnings below it, a summary. */
function reportVerdicts(io: Io, verdicts: Verdict[], json: boolean): number {
  const bad = verdicts.filter((v) => !v.ok).length;
  const runs = verdicts.filter((v) => v.run !== 'ledger');
  if (json) {
    const out = verdicts.map(({ file, problems, ...v }) => ({
      ...v,
      file: relative(io.cwd, file),
      problems,
      ...(problems[0] ? { line: problems[0].line, problem: problems[0].message } : {}),
    }));
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return bad > 0 ? 1 : 0;
  }
  for (const v of verdicts) {
    const file = relative(io.cwd, v.file);
    const who = v.signedBy.length ? `signed by ${v.signedBy.join(', ')}` : 'not signed';
    if (v.ok) io.stdout.write(`ok      ${file} (${v.events} ${v.run === 'ledger' ? 'lines' : 'events'}), ${who}\n`);
    for (const p of v.problems) io.stdout.write(`FAILED  ${file}:${p.line}: ${p.message}\n`);
    for (const w of v.warnings) io.stdout.write(`        ${paint(io, 'dim', `warning: ${w}`)}\n`);
  }
  const signed = runs.filter((v) => v.ok && v.signed).length;
  io.stdout.write(
    `${runs.filter((v) => v.ok).length} of ${runs.length} logs verified (${signed} signed)${verdicts.some((v) => v.run === 'ledger') ? `; the ledger ${verdicts.at(-1)!.ok ? 'verified' : 'FAILED'}` : ''}.\n`,
  );
  return bad > 0 ? 1 : 0;
}

/** The importing person's signer for `log import --sign`. */
function importSigner(io: Io, values: { root: string; operator?: string; 'signing-key'?: string }): ReturnType<typeof openSigningKey> {
  const org = readOrg(join(resolve(io.cwd, values.root), 'org.yaml'));
  if (!org) throw new UsageError(`--sign needs the org file: no readable org.yaml in ${values.root}/`, 'Pass --root <the runbooks folder>.');
  const operator = findOperator(org, values.operator);
  if (!operator.ok) throw new UsageError(operator.message, operator.hint);
  const keyFile = values['signing-key'] ?? io.env.OPSBOOK_SIGNING_KEY;
  if (!keyFile)
    throw new UsageError('--sign needs a key: --signing-key <file> or OPSBOOK_SIGNING_KEY', 'Name your private key, or the .pub of a key in ssh-agent.');
  try {
    return openSigningKey({ keyFile, org, operatorId: operator.operator.person.id, cwd: io.cwd, env: io.env });
  } catch (error) {
    if (error instanceof Refusal) throw new UsageError(error.message, error.hint);
    throw error;
  }
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
      'require-signed': { type: 'boolean', default: false },
      root: { type: 'string', default: 'runbooks' },
      sign: { type: 'boolean', default: false },
      'signing-key': { type: 'string' },
      operator: { type: 'string' },
    });
    const dir = resolve(io.cwd, values['log-dir'] ?? io.env.OPSBOOK_LOG_DIR ?? '.opsbook/runs');
    const [sub, arg, ...extra] = positionals;
    // `import` writes the folder (and says so when it cannot); the others read it.
    const unreadable = sub === 'import' ? undefined : logDirUnreadable(dir);
    if (unreadable) throw new UsageError(unreadable, 'Pass --log-dir with the folder of the run logs, or set OPSBOOK_LOG_DIR.');
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
        const orgPath = join(resolve(io.cwd, values.root), 'org.yaml');
        let signers: ReturnType<typeof signersOf> | null = null;
        const ctx = {
          signers: () => (signers ??= signersOf(orgPath)) ?? undefined,
          orgPath: relative(io.cwd, orgPath),
          ledger: readLedger(dir),
          requireSigned: values['require-signed'],
        };
        const verdicts = values.all
          ? verifyFolder(dir, ctx)
          : [verifyRun(runFile(io, dir, arg), ctx), ...[verifyLedger(dir, ctx, false)].filter((v) => v && !v.ok)];
        return reportVerdicts(io, verdicts as Verdict[], values.json);
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
          result = importRecord(arg, text, dir, values.sign ? importSigner(io, values) : undefined);
        } catch (error) {
          if (error instanceof LogDirError) throw new UsageError(error.message, 'Pass --log-dir with a folder you can write, or set OPSBOOK_LOG_DIR.');
          throw error;
        }
        if (!result.ok) {
          io.stderr.write(`${arg}:${result.line}: not imported: ${result.message}\n`);
          return 1;
        }
        io.stdout.write(
          `Imported run ${result.run} (${result.events} events) into ${relative(io.cwd, result.file)}${values.sign ? ', signed' : ' (not signed: self-reported)'}\n`,
        );
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
