// The pieces a runbook page is built from: scripts with their parameters marked.
import { describe, expect, it } from 'vitest';
import { jsonForScript, scriptSegments } from '../../site/lib/format.ts';

describe('scriptSegments', () => {
  it('marks each use of a declared parameter, in both spellings, and leaves the rest as text', () => {
    expect(scriptSegments('ssh "$HOST" df -h ${DIR} $OTHER ${HOST', ['HOST', 'DIR'])).toEqual([
      { text: 'ssh "' },
      { text: '$HOST', param: 'HOST' },
      { text: '" df -h ' },
      { text: '${DIR}', param: 'DIR' },
      { text: ' $OTHER ${HOST' },
    ]);
  });

  it('keeps markup characters as text, for Astro to escape', () => {
    expect(scriptSegments('echo "<b>&amp;</b>" $A', ['A'])).toEqual([{ text: 'echo "<b>&amp;</b>" ' }, { text: '$A', param: 'A' }]);
  });
});

describe('a script as a page shows it', () => {
  it('shows ESC sequences, carriage returns, backspaces and bidi overrides as visible escapes, never raw', () => {
    const code = 'df -h\x1b[2K\r# read-only check\x08 $HOST \u202etxt.sh\u202c\ttab\nnext';
    const shown = scriptSegments(code, ['HOST']);
    expect(shown).toEqual([
      { text: 'df -h\\x1b[2K\\x0d# read-only check\\x08 ' },
      { text: '$HOST', param: 'HOST' },
      { text: ' \\u202etxt.sh\\u202c\ttab\nnext' },
    ]);
    expect(shown.map((s) => s.text).join('')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]/);
  });
});

describe('page data for the browser', () => {
  it('holds no raw invisible or reordering character and no tag-closing `<`, and parses back to the same value', () => {
    const value = { code: 'echo \x1b[2K\u202eok\u2028</script>\u0085' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<\x00-\x1f\x7f-\x9f\u202a-\u202e\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
