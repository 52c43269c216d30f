// A killed run is anchored up to its last finished step, and its resume goes on signing; two
// runs at once keep one ledger chain. Real runners, a real kill -9, a real concurrent start.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbook, sh } from '../run/fixture.ts';
import { startRun } from '../run/helpers.ts';
import { signWorkspace } from './keys.ts';

const events = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function until(test: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Step c waits for the file `go` in the working directory: the first run is killed there.
const KILLED = runbook(
  'killed',
  [],
  `<Step id="a" title="A">\n\n${sh('echo a')}\n</Step>\n\n<Step id="b" title="B">\n\n${sh('echo b')}\n</Step>\n\n<Step id="c" title="C">\n\n${sh('while ! test -e go; do sleep 0.1; done; echo c')}\n</Step>`,
);

describe('a run killed with kill -9 after step 2', () => {
  it('verifies as anchored up to step b, and its resume continues signing to a signed end', async () => {
    const w = signWorkspace({ killed: KILLED });
    const live = startRun(['killed', '--yes', '--log-dir', w.logs, '--signing-key', w.mberg.file], w.dir, { OPSBOOK_SIGNING_KEY: '' });
    await live.seen('Step 3/3');
    let file = '';
    await until(() => {
      const name = existsSync(w.logs) && readdirSync(w.logs).find((f) => /^\d{8}T.*\.jsonl$/.test(f));
      file = name ? join(w.logs, name) : '';
      return file !== '' && events(file).some((e) => e.type === 'step-start' && e.step === 'c');
    }, 'step c to start');
    const step = events(file).find((e) => e.type === 'step-start' && e.step === 'c') as { pid: number };
    live.child.kill('SIGKILL');
    await live.closed;
    process.kill(-step.pid, 'SIGKILL');
    const run = file.split('/').pop()!.replace('.jsonl', '');
    const before = events(file);
    const checkpoint = before.findIndex((e) => e.type === 'checkpoint' && e.step === 'b') + 1;
    expect(checkpoint).toBeGreaterThan(0);

    const v = w.cli(['log', 'verify', run, '--log-dir', w.logs]);
    expect(v.status).toBe(0);
    expect(v.stdout).toContain(`ok      logs/${run}.jsonl (${before.length} events), signed by mberg\n`);
    expect(v.stdout).toContain(
      `warning: the run has not ended (stopped, or still running): anchored up to step b (event ${checkpoint} of ${before.length}); the ${before.length - checkpoint} events after it are not signed`,
    );

    const json = JSON.parse(w.cli(['log', 'verify', run, '--json', '--log-dir', w.logs]).stdout) as Array<Record<string, unknown>>;
    expect(json[0]).toMatchObject({
      run,
      ok: true,
      signed: true,
      signedBy: ['mberg'],
      anchored: { events: checkpoint, step: 'b', final: false },
      problems: [],
    });

    // A signed run is resumed signed: without a key the resume is refused, and nothing is written.
    const unsigned = w.cli(['run', '--resume', run, '--yes', '--log-dir', w.logs]);
    expect(unsigned.status).toBe(2);
    expect(unsigned.stderr.split('\n')[0]).toBe('opsbook run: This run was signed: its resume must sign on, or its end would be unsigned');
    expect(events(file)).toHaveLength(before.length);

    writeFileSync(join(w.dir, 'go'), '');
    const resumed = w.cli(['run', '--resume', run, '--yes', '--log-dir', w.logs, '--signing-key', w.mberg.file]);
    expect(resumed.status).toBe(0);
    const after = events(file);
    expect(after.filter((e) => e.type === 'checkpoint').map((e) => e.step)).toEqual(['a', 'b', 'c']);
    expect(after.at(-1)).toMatchObject({ type: 'run-end', result: 'succeeded', signature: { events: after.length } });
    const all = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(all.stdout).toContain(`ok      logs/${run}.jsonl (${after.length} events), signed by mberg\n`);
    expect(all.stdout).toContain('1 of 1 logs verified (1 signed); the ledger verified.');
    expect(all.status).toBe(0);
    const ledger = events(join(w.logs, 'ledger.jsonl'));
    expect(ledger.map((e) => [e.type, e.run, e.events])).toEqual([
      ['run-start', run, 1],
      ['run-end', run, after.length],
    ]);
  });
});

describe('two runs at once', () => {
  it('append to one ledger chain, each under its lock, and both verify', async () => {
    const slow = runbook('slow', [], [1, 2, 3].map((i) => `<Step id="s${i}" title="S${i}">\n\n${sh('sleep 0.2')}\n</Step>`).join('\n\n'));
    const w = signWorkspace({ slow });
    const args = ['slow', '--yes', '--log-dir', w.logs, '--signing-key', w.mberg.file];
    const runs = [startRun(args, w.dir, { OPSBOOK_SIGNING_KEY: '' }), startRun(args, w.dir, { OPSBOOK_SIGNING_KEY: '' })];
    expect(await Promise.all(runs.map((r) => r.closed))).toEqual([0, 0]);
    const ledger = events(join(w.logs, 'ledger.jsonl'));
    expect(ledger.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    const ids = [...new Set(ledger.map((e) => e.run))];
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(ledger.filter((e) => e.run === id).map((e) => e.type)).toEqual(['run-start', 'run-end']);
    const v = w.cli(['log', 'verify', '--all', '--log-dir', w.logs]);
    expect(v.stdout).toContain('2 of 2 logs verified (2 signed); the ledger verified.');
    expect(v.status).toBe(0);
  });
});
