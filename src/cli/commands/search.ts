// `opsbook search <words>`: the site's search index, from the terminal.
import { loadCatalog } from '../../catalog.ts';
import { buildSearch } from '../../search/build.ts';
import { memorySource, search } from '../../search/query.ts';
import { parse } from '../args.ts';
import { paint, UsageError } from '../io.ts';
import type { Command } from '../command.ts';

const help = `Usage: opsbook search <words…> [options]

Search the runbooks with the same index and ranking as the manual's search box: runbooks
with every word first, then a title match above a match in a step; the last word also
matches as a prefix; a word that is not in the index matches with one typo (4+ letters),
split in two words, or joined with the next ("fail over"); runbooks/synonyms.yaml adds
the manual's own synonyms.

Options:
  --tier <I|II|III>   only runbooks of this tier
  --service <id>      only runbooks of this service
  --limit <n>         at most n results (default: 10)
  --json              results as JSON
  --root <dir>        the runbooks folder (default: runbooks)
  -h, --help          show this help

Exit codes: 0 something found, 1 nothing found, 2 usage error.

Examples:
  opsbook search restore backup
  opsbook search queue --tier II
`;

const command: Command = {
  summary: 'search the runbooks like the manual does',
  help,
  async run(args, io) {
    const { values, positionals } = parse('search', args, {
      tier: { type: 'string' },
      service: { type: 'string' },
      limit: { type: 'string', default: '10' },
      json: { type: 'boolean' },
      root: { type: 'string', default: 'runbooks' },
    });
    const text = positionals.join(' ').trim();
    if (!text) throw new UsageError('Expected words to search for', 'Example: opsbook search restore mailbox');
    if (values.tier !== undefined && !['I', 'II', 'III'].includes(values.tier)) throw new UsageError(`--tier takes I, II or III, not \`${values.tier}\``);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit takes a whole number of at least 1, not \`${values.limit}\``);
    const catalog = await loadCatalog(values.root, { cwd: io.cwd });
    const data = buildSearch(catalog);
    const hits = await search(memorySource(data), data.docs, text, { tier: values.tier, service: values.service, limit });
    if (values.json)
      io.stdout.write(
        `${JSON.stringify(
          hits.map((h) => ({ id: h.doc.id, title: h.doc.t, tier: h.doc.tier, service: h.doc.service, score: Number(h.score.toFixed(3)) })),
          null,
          2,
        )}\n`,
      );
    else if (hits.length === 0) io.stdout.write(`No runbook matches \`${text}\`.\n`);
    else for (const h of hits) io.stdout.write(`${paint(io, 'bold', h.doc.id)}  ${h.doc.t}  (Tier ${h.doc.tier}, ${h.doc.service})\n`);
    return hits.length > 0 ? 0 : 1;
  },
};

export default command;
