// The parser reads a runbook into the model: positions, steps, scripts, variables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/parse/runbook.ts';
import { scriptVars } from '../../src/parse/vars.ts';
import { parseYaml } from '../../src/parse/yaml.ts';

const VALID = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'valid', 'mailbox', 'restart-mailbox.mdx'), 'utf8');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('front-matter positions', () => {
  it('gives the line and column of every key and value, block and flow style', () => {
    const r = parseYaml('id: x\nescalation:\n  - { team: noc }\n  - team: ops\n    after: 15m\n', 2);
    if (!r.ok) throw new Error('expected a parse');
    expect(r.positions.values.get('/id')).toMatchObject({ line: 2, column: 5 });
    expect(r.positions.values.get('/escalation/0/team')).toMatchObject({ line: 4, column: 13 });
    expect(r.positions.keys.get('/escalation/1/after')).toMatchObject({ line: 6, column: 5 });
    expect(r.positions.values.get('/escalation/1/after')).toMatchObject({ line: 6, column: 12 });
  });

  it('keeps dates as text (the core schema) so the schema sees what was written', () => {
    const r = parseYaml('d: 2026-09-14\n');
    expect(r.ok && (r.value as { d: unknown }).d).toBe('2026-09-14');
  });

  it('rejects a billion-laughs document quickly', () => {
    let text = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 12; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(',')}]\n`;
    const start = performance.now();
    const r = parseYaml(text);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.kind).toBe('too-complex');
  });
});

describe('steps', () => {
  const { runbook, messages } = parseRunbook('runbooks/mailbox/restart-mailbox.mdx', bytes(VALID));

  it('reads the front-matter into the model', () => {
    expect(messages).toEqual([]);
    expect(runbook.meta).toMatchObject({ id: 'restart-mailbox', tier: 'II', owner: 'mberg', backup_owner: 'akhan', category: 'reliability' });
    expect(runbook.meta.escalation.map((l) => [l.team, l.afterMinutes])).toEqual([
      ['noc', 0],
      ['messaging-ops', 15],
      ['messaging-eng', 30],
    ]);
    expect(runbook.meta.review).toMatchObject({ intervalDays: 90, due: '2026-12-13' });
    expect(runbook.meta.parameters.find((p) => p.name === 'ADMIN_TOKEN')?.secret).toBe(true);
  });

  it('extracts executable and manual steps with their scripts, verify and rollback', () => {
    expect(runbook.steps.map((s) => [s.id, s.kind, s.confirm, s.timeoutMs])).toEqual([
      ['restart', 'exec', true, 600_000],
      ['tell-noc', 'manual', false, undefined],
    ]);
    const [restart] = runbook.steps;
    expect(restart.script).toMatchObject({ lang: 'sh', engine: 'bash', vars: ['HOST'] });
    expect(restart.script!.code).toBe(`ssh "$HOST" 'su - zimbra -c "zmmailboxdctl restart"'`);
    expect(restart.verify!.code).toContain('zmmailboxdctl status');
    expect(restart.rollback!.code).toContain('zmmailboxdctl start');
    expect(restart.prose).toBe('Restart only the mailbox service, not the whole store.');
    expect(restart.span.line).toBe(23);
  });

  it('keeps the body in document order: prose, then steps', () => {
    expect(runbook.body.map((b) => b.kind)).toEqual(['prose', 'step', 'step']);
  });

  it('hashes the file bytes', () => {
    expect(runbook.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads js/mjs blocks as zx scripts', () => {
    const text = VALID.replace('```sh\nssh "$HOST" \'su - zimbra -c "zmmailboxdctl restart"\'\n```', '```js\nawait $`ssh ${process.env.HOST} uptime`\n```');
    const parsed = parseRunbook('x.mdx', bytes(text));
    expect(parsed.runbook.steps[0].script).toMatchObject({ lang: 'js', engine: 'zx', vars: ['HOST'] });
  });
});

describe('valid files in unusual shapes', () => {
  it('accepts a UTF-8 byte order mark and CRLF line ends with the same positions', () => {
    const crlf = parseRunbook('x.mdx', bytes(`\uFEFF${VALID.replace(/\n/g, '\r\n')}`));
    expect(crlf.messages).toEqual([]);
    expect(crlf.runbook.steps.map((s) => s.id)).toEqual(['restart', 'tell-noc']);
    expect(crlf.runbook.steps[0].script!.code).not.toContain('\r');
    expect(crlf.runbook.steps[0].span.line).toBe(23);
  });

  it('gives scripts of a CRLF file LF line ends (what bash runs), but keeps a bare CR for check to report', () => {
    const text = VALID.replace('ssh "$HOST" \'su - zimbra -c "zmmailboxdctl restart"\'', 'echo one\necho two\rrm -rf /tmp/x\necho three').replace(
      /\n/g,
      '\r\n',
    );
    const parsed = parseRunbook('x.mdx', bytes(text));
    expect(parsed.runbook.steps[0].script!.code).toBe('echo one\necho two\rrm -rf /tmp/x\necho three');
  });

  it('accepts non-Latin text', () => {
    const text = VALID.replace('title: Restart the mailbox service on one store', 'title: Перезапуск почтового хранилища — メールボックス再起動').replace(
      'Restarting takes about two minutes',
      '再起動には約2分かかります。Перезапуск занимает две минуты',
    );
    const parsed = parseRunbook('x.mdx', bytes(text));
    expect(parsed.messages).toEqual([]);
    expect(parsed.runbook.meta.title).toContain('メールボックス');
  });

  it('parses a 4 MB runbook', () => {
    const paragraph = 'The mailbox store keeps its blobs on the primary volume; check the mirror state before any change. '.repeat(10);
    const body = Array.from({ length: 4_200 }, () => paragraph).join('\n\n');
    const text = VALID.replace('Restarting takes about two minutes; users see a short IMAP disconnect.', body);
    expect(text.length).toBeGreaterThan(4_000_000);
    const parsed = parseRunbook('x.mdx', bytes(text));
    expect(parsed.messages).toEqual([]);
    expect(parsed.runbook.steps).toHaveLength(2);
  }, 60_000);
});

describe('script variables', () => {
  it('finds $NAME and ${NAME} reads, but not positional or special parameters', () => {
    const vars = scriptVars('echo "$HOST" ${PORT:-25} $1 $@ $? $$ ${#LIST[@]}', 'sh');
    expect([...vars.used.keys()].sort()).toEqual(['HOST', 'LIST', 'PORT']);
  });
  it('ignores single-quoted text (expanded on the remote side) and comments', () => {
    const vars = scriptVars(`ssh "$HOST" 'echo $REMOTE'\n# uses $NOTHING\n`, 'sh');
    expect([...vars.used.keys()]).toEqual(['HOST']);
  });
  it('knows what the script assigns itself', () => {
    const vars = scriptVars(
      'COUNT=0\nexport LIMIT=5\nfor NODE in a b; do :; done\nread -r LINE REST <f\nwhile read -r ACCT; do :; done <g\nlocal -i N\nprintf -v OUT "%s" x',
      'sh',
    );
    expect([...vars.assigned].sort()).toEqual(['ACCT', 'COUNT', 'LIMIT', 'LINE', 'N', 'NODE', 'OUT', 'REST']);
  });
  it('finds process.env reads in zx scripts', () => {
    expect([...scriptVars("const h = process.env.HOST; process.env['PORT']", 'js').used.keys()]).toEqual(['HOST', 'PORT']);
  });
});
