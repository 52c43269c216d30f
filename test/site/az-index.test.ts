// The A–Z index: each runbook under every significant word of its title and under its tags.
import { describe, expect, it } from 'vitest';
import { azIndex, significantWords } from '../../src/site/az-index.ts';

const queue = { id: 'mail-queue-growth', title: 'Find and relieve a growing mail queue', tags: ['postfix', 'queue'] };
const noc = { id: 'noc-shift-handover', title: 'Hand over the NOC shift between Berlin and New York', tags: ['follow-the-sun'] };
const reset = { id: 'password-reset', title: "Reset a customer's password", tags: ['2fa'] };

describe('significantWords', () => {
  it('leaves out stop words such as a, and, the, find', () => {
    expect(significantWords(queue.title)).toEqual(['relieve', 'growing', 'mail', 'queue']);
  });

  it("keeps the title's spelling of names and acronyms, and lower-cases only a capital that starts the title", () => {
    expect(significantWords(noc.title)).toEqual(['hand', 'NOC', 'shift', 'Berlin', 'New', 'York']);
    expect(significantWords(reset.title)).toEqual(['reset', 'customer', 'password']);
  });
});

describe('azIndex', () => {
  const index = azIndex([queue, noc, reset]);
  const under = (letter: string) => index.find((l) => l.letter === letter)?.entries.map((e) => [e.term, e.runbooks.map((r) => r.id)]);

  it('lists a runbook under each significant word and each tag, never under a stop word', () => {
    expect(under('M')).toEqual([['mail', ['mail-queue-growth']]]);
    expect(under('Q')).toEqual([['queue', ['mail-queue-growth']]]);
    expect(under('R')).toEqual([
      ['relieve', ['mail-queue-growth']],
      ['reset', ['password-reset']],
    ]);
    expect(under('P')).toEqual([
      ['password', ['password-reset']],
      ['postfix', ['mail-queue-growth']],
    ]);
    expect(under('F')).toEqual([['follow-the-sun', ['noc-shift-handover']]]);
  });

  it('puts the letters in order, entries starting with a digit first', () => {
    expect(index.map((l) => l.letter)).toEqual(['0–9', 'B', 'C', 'F', 'G', 'H', 'M', 'N', 'P', 'Q', 'R', 'S', 'Y']);
  });

  it('names a runbook once under a word that is both in its title and a tag', () => {
    expect(index.flatMap((l) => l.entries).find((e) => e.term === 'queue')?.runbooks).toHaveLength(1);
  });
});
