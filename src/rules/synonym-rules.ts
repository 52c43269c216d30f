// The search synonyms file (runbooks/synonyms.yaml): what its reader (src/search/synonyms.ts)
// reports beyond the schema.
import type { ParserRule } from './types.ts';

export const synonymRules: ParserRule[] = [
  {
    scope: 'parser',
    id: 'synonym-group-small',
    severity: 'error',
    description: 'A synonym group names fewer than two words, so it makes no word find another.',
    hint: 'List two or more words that mean the same, e.g. `- [bounce, ndr, undeliverable]`, or remove the group.',
  },
  {
    scope: 'parser',
    id: 'synonym-duplicate',
    severity: 'error',
    description: 'A word is listed twice in the synonyms file (in one group or in two).',
    hint: 'Keep each word in one group: merge the two groups if they mean the same, else remove the word from one.',
  },
];
