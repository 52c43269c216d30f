// The pieces `opsbook run` is built from, on their own: which steps a stopped run has left,
// the tier guard, the step selection and the git lookup.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256 } from '../../src/log/writer.ts';
import type { Runbook } from '../../src/model.ts';
import { parseOrg } from '../../src/parse/org.ts';
import { parseRunbook } from '../../src/parse/runbook.ts';
import { gitCommit } from '../../src/run/git.ts';
import { checkTier, findOperator } from '../../src/run/operator.ts';
import { Refusal } from '../../src/run/refusal.ts';
import { finishedSteps, openStoppedRun, planResume } from '../../src/run/resume.ts';
import { selectSteps } from '../../src/run/select.ts';
import { FIXTURES } from '../cli/run-cli.ts';
import { runbook, sh } from './fixture.ts';

const RUN = '20261125T080000Z-a1b2c3';
const three = (): Runbook => ({
  valid: true,
  ...parseRunbook(
    'runbooks/mailbox/three.mdx',
    Buffer.from(
      runbook(
        'three',
        [],
        `
<Step id="a" title="A">
${sh('true')}
</Step>

<Step id="b" title="B">
${sh('true')}
<Verify>
${sh('true')}
</Verify>
</Step>

<Step id="c" title="C" tier="III" />
`,
      ),
    ),
  ).runbook,
});

function start(book: Runbook, options: Record<string, unknown> = {}): EventBody {
  return {
    ts: '2026-11-25T08:00:00.000Z',
    run: RUN,
    type: 'run-start',
    runbook: { id: book.meta.id, path: book.path, hash: book.hash, title: book.meta.title, tier: book.meta.tier },
    mode: 'terminal',
    operator: { name: 'Matt Berg' },
    host: 'h',
    parameters: {},
    options,
  };
}
const ev = (body: Record<string, unknown>): EventBody => ({ ts: '2026-11-25T08:00:01.000Z', run: RUN, ...body }) as EventBody;

function logDir(bodies: EventBody[], tail = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-resume-'));
  writeFileSync(join(dir, `${RUN}.jsonl`), `${sealAll(bodies, sha256).join('\n')}\n${tail}`);
  return dir;
}

describe('a stopped run', () => {
  it('counts a step finished when done, skipped, run without a verify, or verified', () => {
    const book = three();
    const events = [
      ev({ type: 'step-end', step: 'a', phase: 'run', ok: true, exitCode: 0, durationMs: 1 }),
      ev({ type: 'step-end', step: 'b', phase: 'run', ok: true, exitCode: 0, durationMs: 1 }),
      ev({ type: 'confirm', step: 'c', action: 'done', via: 'prompt' }),
    ];
    const sealed = sealAll(events, sha256).map((l) => JSON.parse(l) as never);
    expect([...finishedSteps(sealed, book.steps)].sort()).toEqual(['a', 'c']);
  });

  it("resumes at the first planned step not finished, within the run's --from, and notes a changed runbook", () => {
    const book = three();
    const dir = logDir(
      [start(book, { from: 'b' }), ev({ type: 'step-end', step: 'b', phase: 'verify', ok: true, exitCode: 0, durationMs: 1 })],
      '{"v":1,"seq":2',
    );
    const stopped = openStoppedRun(dir, RUN);
    expect(stopped.log.torn).toBe(true);
    expect(planResume(stopped, book)).toMatchObject({ steps: [{ id: 'c' }], changed: false });
    expect(planResume(stopped, { ...book, hash: 'b'.repeat(64) }).changed).toBe(true);
  });

  it('refuses an unknown run, an edited log and a run that has ended', () => {
    const book = three();
    expect(() => openStoppedRun(logDir([start(book)]), '20261125T080000Z-ffffff')).toThrow(Refusal);
    const edited = logDir([start(book), ev({ type: 'skip', step: 'a', via: 'prompt' }), ev({ type: 'skip', step: 'b', via: 'prompt' })]);
    const file = join(edited, `${RUN}.jsonl`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"step":"a","via":"prompt"', '"step":"a","via":"yes"'));
    expect(() => openStoppedRun(edited, RUN)).toThrow(/fails verification at line 3/);
    expect(() => openStoppedRun(logDir([start(book), ev({ type: 'run-end', result: 'failed', durationMs: 1 })]), RUN)).toThrow(/finished already/);
  });
});

describe('choosing steps and the tier guard', () => {
  it('selects --from and --only, and refuses a step the runbook does not have', () => {
    const { steps } = three();
    expect(selectSteps(steps, 'b').map((s) => s.id)).toEqual(['b', 'c']);
    expect(selectSteps(steps, undefined, 'a').map((s) => s.id)).toEqual(['a']);
    expect(() => selectSteps(steps, 'nope')).toThrow('--from: the runbook has no step `nope`');
  });

  it('needs the highest tier of the runbook and its steps; below it only with an override', () => {
    const { org } = parseOrg('org.yaml', readFileSync(join(FIXTURES, 'org.yaml')));
    const found = findOperator(org!, 'mberg');
    if (!found.ok) throw new Error(found.message);
    const book = three();
    expect(
      checkTier(
        found.operator,
        'II',
        book.steps.slice(0, 2).map((s) => s.tier),
        false,
      ),
    ).toEqual({ ok: true, needed: 'II', override: false });
    expect(
      checkTier(
        found.operator,
        'II',
        book.steps.map((s) => s.tier),
        false,
      ),
    ).toMatchObject({ ok: false, needed: 'III', message: expect.stringContaining('this run needs Tier III') });
    expect(
      checkTier(
        found.operator,
        'II',
        book.steps.map((s) => s.tier),
        true,
      ),
    ).toEqual({ ok: true, needed: 'III', override: true });
  });
});

describe('the git commit of a runbook', () => {
  it('is HEAD of the repository holding it, and undefined outside one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-git-'));
    expect(gitCommit(dir)).toBeUndefined();
    mkdirSync(join(dir, 'repo'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', join(dir, 'repo'), '-c', 'user.name=t', '-c', 'user.email=t@example.net', ...args])
        .toString()
        .trim();
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'x');
    expect(gitCommit(join(dir, 'repo'))).toBe(git('rev-parse', 'HEAD'));
  });
});
