// A value that does not fit says in words what is expected, and a host name typed in upper
// case is taken lower-cased where the pattern allows only lower case, saying so: the same
// check (src/parse/param-value.ts) in `opsbook run` as in the manual's form.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkParamValue, patternWords } from '../../src/parse/param-value.ts';
import { opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';

const HOST = { name: 'HOST', description: 'Host', pattern: '^[a-z0-9.-]+$' };

describe('what a pattern expects, in words', () => {
  it('says the bundled patterns in words', () => {
    expect(patternWords('^[a-z0-9.-]+$')).toBe('lower-case letters, digits, dots and hyphens only');
    expect(patternWords('^[A-Za-z0-9.-]{1,253}$')).toBe('letters, digits, dots and hyphens only, 1 to 253 characters');
    expect(patternWords('^[0-9]{1,6}$')).toBe('digits only, 1 to 6 characters');
    expect(patternWords('^[a-z0-9.-]+( [a-z0-9.-]+)*$')).toBe('one or more words of lower-case letters, digits, dots and hyphens, separated by single spaces');
    // Anything else is left to the parameter's example or default.
    expect(patternWords('^(none|[a-z0-9-]+(\\.[a-z0-9-]+)+)$')).toBeUndefined();
    expect(checkParamValue({ name: 'D', pattern: '^(none|[a-z]+)$', default: 'none' }, 'x y').problem).toBe(
      'does not match the pattern `^(none|[a-z]+)$` of D: expected a value like `none`',
    );
  });

  it('takes a host name in upper case lower-cased, but never a secret or a value that is not a host name', () => {
    expect(checkParamValue(HOST, 'MBX1.dc1')).toEqual({
      value: 'mbx1.dc1',
      note: 'HOST: `MBX1.dc1` is taken as `mbx1.dc1`: host names are not case-sensitive, and the pattern allows lower case only',
    });
    expect(checkParamValue({ ...HOST, secret: true }, 'MBX1').problem).toMatch(/^does not match/);
    expect(checkParamValue(HOST, 'MBX1; reboot').problem).toBe(
      'does not match the pattern `^[a-z0-9.-]+$` of HOST: expected lower-case letters, digits, dots and hyphens only',
    );
    expect(checkParamValue({ name: 'T', pattern: '^INC-[0-9]+$' }, 'inc-1').problem).toBeDefined();
  });
});

describe('opsbook run --param', () => {
  const w = runWorkspace({
    probe: runbook(
      'probe',
      [`{ name: HOST, description: Host to ask, example: mbx3.example.net, pattern: '^[a-z0-9.-]+$' }`],
      `<Step id="ask" title="Ask">\n${sh('ssh "$HOST" uptime')}\n</Step>`,
    ),
  });
  const run = (value: string) => opsbook(['run', 'probe', '--dry-run', '--operator', 'mberg', '--param', `HOST=${value}`, '--log-dir', w.logs], { cwd: w.dir });

  it('says what a host parameter expects when the value does not fit', () => {
    const r = run('mx3; reboot');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '`mx3; reboot` does not match the pattern `^[a-z0-9.-]+$` of HOST: expected lower-case letters, digits, dots and hyphens only (for example `mbx3.example.net`)',
    );
  });

  it('takes MBX1.dc1 as mbx1.dc1 and says so, as the form does', () => {
    const r = run('MBX1.dc1');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('HOST: `MBX1.dc1` is taken as `mbx1.dc1`: host names are not case-sensitive, and the pattern allows lower case only');
    const log = readFileSync(join(w.logs, readdirSync(w.logs)[0]), 'utf8');
    expect(log).toContain('"HOST":"mbx1.dc1"');
  });
});
