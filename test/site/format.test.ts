// The pieces a runbook page is built from: scripts with their parameters marked.
import { describe, expect, it } from 'vitest';
import { scriptSegments } from '../../site/lib/format.ts';

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
