// `opsbook check [paths…]`: validate runbooks and the org file.
import { existsSync } from 'node:fs';
import { load } from 'js-yaml';
import { dirname, resolve } from 'node:path';
import { buildCatalog, compareDiagnostics } from '../../catalog.ts';
import { CheckCache, memoise } from '../../check-cache.ts';
import { checkRunbookBytes, findingsOnly } from '../../check-file.ts';
import { groupPaths, relativePath, type CatalogOptions, type CheckGroup } from '../../files.ts';
import { inventoryFileFor } from '../../fleet/org-inventory.ts';
import { isoDate, parseDate } from '../../parse/duration.ts';
import { parseSize, readRegularFile } from '../../read-file.ts';
import { formatJson } from '../../report/json.ts';
import { formatSarif } from '../../report/sarif.ts';
import { formatText } from '../../report/text.ts';
import { parse } from '../args.ts';
import { UsageError } from '../io.ts';
import type { Command } from '../command.ts';
import { version } from '../version.ts';
import { textStyle } from '../style.ts';

const help = `Usage: opsbook check [paths…] [options]

Validate runbooks (*.mdx) and the org file (org.yaml) against the schemas and rules.
Paths are folders or files; the default is runbooks/. Each file is checked with the
nearest org.yaml at or above it.

Options:
  --format <text|json|sarif>  output format (default: text)
  --json                      same as --format json
  --max-warnings <n>          exit 1 when there are more than n warnings
  --max-file-size <size>      largest file read, in bytes or with KB, MB, GB (1024-based;
                              default: 10MB); a larger file is a file-too-large finding
  --org <file>                org file to use instead of the nearest org.yaml
  --inventory <file>          Ansible inventory for fleet steps' @group (default: inventory: in org.yaml)
  --today <YYYY-MM-DD>        the date reviews are judged against (default: today)
  --no-cache                  parse every file; by default what was found in a file is kept
                              in .opsbook/cache/ and reused while the file, org.yaml, opsbook
                              and the day stay the same
  --no-color                  no colour (NO_COLOR is respected too)
  -h, --help                  show this help

Exit codes: 0 no errors (warnings allowed unless --max-warnings), 1 findings, 2 usage or internal error.

Examples:
  opsbook check
  opsbook check runbooks/mailbox/site-failover.mdx
  opsbook check --format sarif > opsbook.sarif
`;

/** What every cached finding depends on besides the file itself: the org file, and the
 * inventory it names (fleet steps' groups are checked against it). */
function orgKeyBytes(orgFile: string, options: CatalogOptions & { cwd: string }): Uint8Array | undefined {
  const org = readRegularFile(orgFile, options.maxFileSize);
  if (!org.ok) return undefined;
  let raw: Record<string, unknown> = {};
  try {
    const value = load(org.bytes.toString('utf8'));
    if (value && typeof value === 'object') raw = value as Record<string, unknown>;
  } catch {
    // the org file's own finding; its bytes are the key
  }
  const file = inventoryFileFor(orgFile, raw, options.cwd, options.inventory);
  const inventory = file ? readRegularFile(file, options.maxFileSize) : undefined;
  return inventory?.ok ? Buffer.concat([org.bytes, inventory.bytes]) : org.bytes;
}

/** One group through the check pipeline; with a cache, files whose bytes it has seen are not parsed again. */
function checkGroup(group: CheckGroup, options: CatalogOptions & { cwd: string; now: Date }, cache: CheckCache | undefined) {
  const key = cache && CheckCache.key(orgKeyBytes(group.orgFile, options), isoDate(options.now));
  if (!cache || key === undefined) return buildCatalog(dirname(group.orgFile), group.files, group.orgFile, options, findingsOnly(checkRunbookBytes));
  return buildCatalog(dirname(group.orgFile), group.files, group.orgFile, options, memoise(checkRunbookBytes, cache, key));
}

const check: Command = {
  summary: 'validate runbooks and the org file',
  help,
  async run(args, io) {
    const { values, positionals } = parse('check', args, {
      format: { type: 'string', default: 'text' },
      json: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      'max-file-size': { type: 'string' },
      org: { type: 'string' },
      inventory: { type: 'string' },
      today: { type: 'string' },
      cache: { type: 'boolean', default: true },
      'no-cache': { type: 'boolean' },
    });
    if (values['no-cache']) values.cache = false;
    const format = values.json ? 'json' : values.format;
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`Unknown format \`${format}\`; expected \`text\`, \`json\` or \`sarif\``);
    const maxWarnings = values['max-warnings'] === undefined ? Infinity : Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity)
      throw new UsageError(`--max-warnings takes a whole number, not \`${values['max-warnings']}\``);
    const maxFileSize = values['max-file-size'] === undefined ? undefined : parseSize(values['max-file-size']);
    if (values['max-file-size'] !== undefined && maxFileSize === undefined)
      throw new UsageError(`--max-file-size takes a size such as \`10MB\` or \`500000\` (bytes), not \`${values['max-file-size']}\``);
    const now = values.today === undefined ? new Date() : parseDate(values.today);
    if (!now) throw new UsageError(`--today takes a date YYYY-MM-DD, not \`${values.today}\``);
    const paths = positionals.length > 0 ? positionals : ['runbooks'];
    for (const p of paths) {
      if (!existsSync(resolve(io.cwd, p)))
        throw new UsageError(
          `No such file or folder \`${p}\``,
          positionals.length === 0 ? 'Run opsbook from the folder that holds runbooks/, or name the folder to check.' : undefined,
        );
    }
    if (values.org !== undefined && !existsSync(resolve(io.cwd, values.org))) throw new UsageError(`No such org file \`${values.org}\``);
    if (values.inventory !== undefined && !existsSync(resolve(io.cwd, values.inventory)))
      throw new UsageError(`No such inventory file \`${values.inventory}\``);
    const options = {
      cwd: io.cwd,
      now,
      ...(values.org !== undefined ? { orgPath: values.org } : {}),
      ...(maxFileSize !== undefined ? { maxFileSize } : {}),
      ...(values.inventory !== undefined ? { inventory: values.inventory } : {}),
    };
    const cache = values.cache ? CheckCache.open(resolve(io.cwd, '.opsbook', 'cache', 'check.json')) : undefined;
    const groups = groupPaths(paths, options);
    const checked = groups.map((group) => checkGroup(group, options, cache));
    cache?.save();
    groups.forEach((group, i) => {
      const read = new Set(checked[i].files);
      const other = group.named.find((file) => !read.has(relativePath(io.cwd, file)));
      if (other !== undefined)
        throw new UsageError(
          `\`${relativePath(io.cwd, other)}\` is not a runbook (*.mdx), nor the org file, synonyms or inventory of ${relativePath(io.cwd, group.orgFile)}; name a runbook, a folder, or one of those files`,
        );
    });
    const diagnostics = checked.flatMap((c) => c.diagnostics).sort(compareDiagnostics);
    const files = [...new Set(checked.flatMap((c) => c.files))].sort();
    if (format === 'json') io.stdout.write(formatJson(diagnostics, files));
    else if (format === 'sarif') io.stdout.write(formatSarif(diagnostics, version()));
    else io.stdout.write(formatText(diagnostics, files.length, textStyle(io)));
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    return errors > 0 || warnings > maxWarnings ? 1 : 0;
  },
};

export default check;
