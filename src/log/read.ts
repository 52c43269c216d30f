// Reading and verifying run logs. A reader takes every complete line up to the first bad
// one; `verify` names the first line that was edited, removed, reordered or torn.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fsErrorCode } from '../fs-reason.ts';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { GENESIS, type ChainState } from './chain.ts';
import type { RunEvent, RunSummary } from './events.ts';
import { hostCounts } from './fleet-hosts.ts';
import { sha256 } from './writer.ts';
import schema from '../../schemas/run-log.schema.json' with { type: 'json' };

const ajv = new Ajv2020({ allErrors: false, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validateEvent = ajv.compile(schema);

export interface LogProblem {
  /** 1-based line number. */
  line: number;
  message: string;
}

export interface ReadLog {
  file: string;
  events: RunEvent[];
  /** The first problem; events after it are not trusted and not returned. */
  problem?: LogProblem;
  /** The last line has no newline: written when the runner died. Not an edit. */
  torn: boolean;
  /** Bytes up to the end of the last good line (where a resumed run appends). */
  validBytes: number;
  /** Chain head after the last good line. */
  state: ChainState;
}

/** Schema errors of one event, as one line of text, or undefined when it is valid. */
export function eventError(event: unknown): string | undefined {
  if (validateEvent(event)) return undefined;
  const e = validateEvent.errors?.[0];
  return e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'is invalid';
}

export function parseLog(file: string, text: string): ReadLog {
  const result: ReadLog = { file, events: [], torn: false, validBytes: 0, state: { seq: 0, prev: GENESIS } };
  let offset = 0;
  let run: string | undefined;
  let lineNo = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    lineNo++;
    if (end === -1) {
      result.torn = true;
      result.problem = { line: lineNo, message: 'torn: the last line is incomplete (the runner stopped while writing it)' };
      break;
    }
    const line = text.slice(offset, end);
    let event: RunEvent;
    try {
      event = JSON.parse(line) as RunEvent;
    } catch {
      result.problem = { line: lineNo, message: 'not valid JSON (edited or corrupted)' };
      break;
    }
    const invalid = eventError(event);
    if (invalid) {
      result.problem = { line: lineNo, message: `does not match the run-log schema: ${invalid}` };
      break;
    }
    if (event.seq !== result.state.seq) {
      result.problem = { line: lineNo, message: `sequence number ${event.seq}, expected ${result.state.seq} (a line was removed, added or reordered)` };
      break;
    }
    if (event.prev !== result.state.prev) {
      result.problem = { line: lineNo, message: 'hash of the previous line does not match (the line before it was edited)' };
      break;
    }
    run ??= event.run;
    if (event.run !== run) {
      result.problem = { line: lineNo, message: `belongs to run ${event.run}, not ${run}` };
      break;
    }
    if (lineNo === 1 && event.type !== 'run-start') {
      result.problem = { line: 1, message: 'the first event is not run-start' };
      break;
    }
    result.events.push(event);
    result.state = { seq: event.seq + 1, prev: sha256(line) };
    offset = end + 1;
    // Counted per line: measuring the whole prefix each time made reading quadratic.
    result.validBytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  return result;
}

export function readLog(file: string): ReadLog {
  return parseLog(file, readFileSync(file, 'utf8'));
}

/** Why the run logs in `dir` cannot be read (one sentence), or undefined; a folder not made yet holds none. */
export function logDirUnreadable(dir: string): string | undefined {
  let stats;
  try {
    stats = statSync(dir);
  } catch (error) {
    const code = fsErrorCode(error);
    return code === 'ENOENT' ? undefined : `Cannot read run logs in ${dir}: ${whyNotRead(code)}`;
  }
  if (!stats.isDirectory()) return `Cannot read run logs in ${dir}: it is a file, not a folder (ENOTDIR)`;
  try {
    readdirSync(dir);
    return undefined;
  } catch (error) {
    return `Cannot read run logs in ${dir}: ${whyNotRead(fsErrorCode(error))}`;
  }
}

const whyNotRead = (code: string | undefined): string =>
  code === 'EACCES' || code === 'EPERM' ? `permission denied (${code})` : `it cannot be read (${code ?? 'error'})`;

/** Every path of `dir` named like a run log, whatever it is. */
export function runLogPaths(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{8}T\d{6}Z-[0-9a-f]{6}\.jsonl$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

const isRegular = (file: string): boolean => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The run logs of `dir` that are regular files: reading a FIFO or a link to /dev/zero would never end. */
export function logFiles(dir: string): string[] {
  return runLogPaths(dir).filter(isRegular);
}

export function summarise(log: ReadLog): RunSummary | undefined {
  const start = log.events[0];
  if (!start || start.type !== 'run-start') return undefined;
  const end = [...log.events].reverse().find((e) => e.type === 'run-end');
  const resumed = [...log.events].reverse().find((e) => e.type === 'run-resume');
  const hosts = hostCounts(log.events);
  return {
    run: start.run,
    file: log.file,
    runbookId: start.runbook.id,
    runbookHash: resumed && resumed.type === 'run-resume' ? resumed.hash : start.runbook.hash,
    mode: start.mode,
    operator: start.operator.id ?? start.operator.name,
    startedAt: start.ts,
    ...(end ? { endedAt: end.ts } : {}),
    result: end && end.type === 'run-end' ? end.result : 'incomplete',
    verified: log.problem === undefined,
    ...(hosts ? { hosts } : {}),
  };
}

/** Every run in a log directory, oldest first. */
export function listRuns(dir: string): RunSummary[] {
  return logFiles(dir)
    .map((f) => summarise(readLog(f)))
    .filter((s): s is RunSummary => s !== undefined);
}
