// `opsbook log import`: a browser run record (from the manual's "Download run record") checked
// against the schema and its own chain, then re-chained into the log directory as a run
// of mode `browser` and listed in the ledger; with `--sign`, signed with the importing
// person's key (unsigned, it is self-reported). Nothing is written unless the whole record is valid.
import { existsSync } from 'node:fs';
import { Anchor } from './anchor.ts';
import type { EventBody } from './chain.ts';
import type { RunEvent } from './events.ts';
import type { Signer } from './sign.ts';
import { logFile, LogWriter } from './writer.ts';
import { parseLog } from './read.ts';

export type ImportResult = { ok: true; file: string; run: string; events: number } | { ok: false; line: number; message: string };

/** Import the record `text` (from file `name`) into `dir`, listed in its ledger; signed by `signer` when given. */
export function importRecord(name: string, text: string, dir: string, signer?: Signer): ImportResult {
  if (text.trim() === '') return { ok: false, line: 1, message: 'the file is empty' };
  const log = parseLog(name, text.endsWith('\n') ? text : `${text}\n`);
  if (log.problem) return { ok: false, line: log.problem.line, message: log.problem.message };
  const start = log.events[0] as RunEvent & { type: 'run-start' };
  if (start.mode !== 'browser')
    return { ok: false, line: 1, message: `mode is \`${start.mode}\`; only browser run records are imported (terminal runs write their own log)` };
  const bad = log.events.find((e) => e.type === 'step-start' || e.type === 'step-output' || e.type === 'step-end');
  if (bad) return { ok: false, line: bad.seq + 1, message: `a browser record cannot contain \`${bad.type}\` (the browser runs nothing)` };
  const signed = log.events.find((e) => e.type === 'checkpoint' || 'signature' in e);
  if (signed) return { ok: false, line: signed.seq + 1, message: 'a browser record cannot carry signatures (sign it at import with --sign)' };
  if (existsSync(logFile(dir, start.run))) return { ok: false, line: 1, message: `run ${start.run} is in the log directory already` };
  const writer = LogWriter.create(dir, start.run);
  writer.anchorWith(new Anchor(dir, signer));
  try {
    for (const e of log.events) {
      const { v: _v, seq: _seq, prev: _prev, ...body } = e;
      writer.append(body);
    }
    // A signed record that has no run-end is signed as far as it goes.
    if (signer && log.events.at(-1)?.type !== 'run-end') writer.append({ ts: new Date().toISOString(), run: start.run, type: 'checkpoint' } as EventBody);
  } finally {
    writer.close();
  }
  return { ok: true, file: writer.file, run: start.run, events: log.events.length };
}
