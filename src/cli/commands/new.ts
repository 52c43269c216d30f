// `opsbook new <service>/<slug>`: scaffold a runbook that passes `check`, never overwriting.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadCatalog } from '../../catalog.ts';
import { isoDate } from '../../parse/duration.ts';
import { scaffoldRunbook } from '../../scaffold/template.ts';
import { parse } from '../args.ts';
import { UsageError } from '../io.ts';
import type { Command } from '../command.ts';

const help = `Usage: opsbook new <service>/<slug> [options]

Write runbooks/<service>/<slug>.mdx: a runbook that passes \`opsbook check\`, with owner,
backup owner and escalation filled from org.yaml. Never overwrites a file.

Options:
  --title <text>   the runbook's title (default: from the slug)
  --root <dir>     the runbooks folder (default: runbooks)
  -h, --help       show this help

Examples:
  opsbook new mailbox/reindex-mailbox --title "Reindex a mailbox"
`;

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const command: Command = {
  summary: 'scaffold a valid runbook',
  help,
  async run(args, io) {
    const { values, positionals } = parse('new', args, { title: { type: 'string' }, root: { type: 'string', default: 'runbooks' } });
    const [target, ...extra] = positionals;
    if (!target || extra.length > 0) throw new UsageError('Expected one argument `<service>/<slug>`', 'Example: opsbook new mailbox/reindex-mailbox');
    const [service, slug, ...rest] = target.replace(/\.mdx$/, '').split('/');
    if (!service || !slug || rest.length > 0) throw new UsageError(`\`${target}\` is not \`<service>/<slug>\``, 'Example: opsbook new mailbox/reindex-mailbox');
    if (!KEBAB.test(slug)) throw new UsageError(`Slug \`${slug}\` is not kebab-case; expected lower-case words joined by hyphens`);
    const catalog = await loadCatalog(values.root, { cwd: io.cwd });
    if (!catalog.org) throw new UsageError(`No org file at \`${join(values.root, 'org.yaml')}\`; \`new\` fills owners and teams from it`);
    if (catalog.runbooks.some((r) => r.meta.id === slug))
      throw new UsageError(`A runbook with id \`${slug}\` exists already (${catalog.runbooks.find((r) => r.meta.id === slug)!.path}); choose another slug`);
    const title = values.title ?? slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
    const result = scaffoldRunbook({ org: catalog.org, service, slug, title, today: isoDate(new Date()) });
    if (!result.ok) throw new UsageError(result.message);
    const file = resolve(io.cwd, values.root, service, `${slug}.mdx`);
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, result.text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new UsageError(`\`${relative(io.cwd, file)}\` exists already; opsbook new never overwrites a file`);
      throw error;
    }
    io.stdout.write(`Created ${relative(io.cwd, file)}\nNext: edit it, then run \`opsbook check ${relative(io.cwd, file)}\`.\n`);
    return 0;
  },
};

export default command;
