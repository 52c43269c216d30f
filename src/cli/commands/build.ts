// `opsbook build`: check, then build the static manual into dist/.
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { loadCatalog } from '../../catalog.ts';
import { logDirUnreadable } from '../../log/read.ts';
import { formatText } from '../../report/text.ts';
import { buildSite, notWritten } from '../../site/build.ts';
import { outRefusal } from '../../site/out-dir.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { parse } from '../args.ts';
import { UsageError } from '../io.ts';
import type { Command } from '../command.ts';
import { textStyle } from '../style.ts';

const help = `Usage: opsbook build [options]

Check the runbooks and the org file, then build the static Operations Manual. A manual
with errors is not built; the previous build, if any, is left as it was. Warnings are
printed and do not stop the build.

Options:
  --root <dir>   the runbooks folder (default: runbooks)
  --out <dir>    where to write the site (default: dist): a new or empty folder, or
                 one an earlier build made (it holds .opsbook-site); never the project,
                 a folder above it, the runbooks, your home folder or a folder of other files
  --tz <zone>    time zone of the audit page's hours (default: UTC)
  -h, --help     show this help

Run logs under $OPSBOOK_LOG_DIR (default .opsbook/runs) give each page its "last run"
and the audit page its exercise findings.

Serve the result with \`opsbook serve\`, or copy the folder to any static host: every
link is relative, so it works from a sub-path and offline.

Examples:
  opsbook build
  opsbook build --root ../ops-runbooks --out public/manual
`;

const command: Command = {
  summary: 'check, then build the static manual into dist/',
  help,
  async run(args, io) {
    const { values, positionals } = parse('build', args, {
      root: { type: 'string', default: 'runbooks' },
      out: { type: 'string', default: 'dist' },
      tz: { type: 'string', default: 'UTC' },
    });
    try {
      new Intl.DateTimeFormat('en', { timeZone: values.tz });
    } catch {
      throw new UsageError(`--tz: \`${values.tz}\` is not an IANA time zone (such as Europe/Berlin)`);
    }
    if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\``, 'Use --root <dir> to build another runbooks folder.');
    const root = resolve(io.cwd, values.root);
    if (!existsSync(root)) throw new UsageError(`No such folder \`${values.root}\``, 'Run opsbook from the folder that holds runbooks/, or pass --root.');
    const out = resolve(io.cwd, values.out);
    const refused = outRefusal(out, values.out, { cwd: io.cwd, runbooks: root, home: io.env.HOME ?? homedir(), packageRoot: PACKAGE_ROOT });
    if (refused) throw new UsageError(refused);
    const started = performance.now();
    const catalog = await loadCatalog(root, { cwd: io.cwd });
    const errors = catalog.diagnostics.filter((d) => d.severity === 'error');
    if (catalog.diagnostics.length > 0) io.stderr.write(formatText(catalog.diagnostics, catalog.files.length, textStyle(io)));
    if (errors.length > 0) {
      io.stderr.write(
        `\nopsbook build: not built: fix the ${errors.length === 1 ? 'error' : `${errors.length} errors`} above first (\`opsbook check\` shows them too).\n`,
      );
      return 1;
    }
    const count = catalog.runbooks.length;
    mkdirSync(dirname(out), { recursive: true });
    try {
      await buildSite({ runbooks: root, out, cwd: io.cwd, tz: values.tz, catalog, ...(io.env.OPSBOOK_LOG_DIR ? { logDir: io.env.OPSBOOK_LOG_DIR } : {}) });
    } catch (error) {
      const why = notWritten(error, out, values.out);
      if (why) throw new UsageError(why.message, why.hint);
      // The pages read the run logs under $OPSBOOK_LOG_DIR (their "last run"); the old manual is as it was.
      const unreadable = io.env.OPSBOOK_LOG_DIR ? logDirUnreadable(resolve(io.cwd, io.env.OPSBOOK_LOG_DIR)) : undefined;
      if (unreadable) throw new UsageError(unreadable, 'Nothing was replaced. Set OPSBOOK_LOG_DIR to the folder of the run logs, or unset it.');
      throw error;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stdout.write(
      `Built the manual: ${count} runbook${count === 1 ? '' : 's'} into ${relative(io.cwd, out) || '.'}/ in ${seconds} s.\nServe it with \`opsbook serve\`, or copy the folder to any static host.\n`,
    );
    return 0;
  },
};

export default command;
