// What `opsbook build --out` may replace: a folder it built itself (it holds the marker
// file), an empty folder, or nothing yet. Never the project, anything above it, the runbooks
// or anything inside them, the home folder, the file system's root, opsbook itself, or a
// folder with files of someone else's.
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/** Written into every built manual; `--out` replaces a non-empty folder only if it holds this. */
export const SITE_MARKER = '.opsbook-site';

export const MARKER_TEXT = 'This folder was built by `opsbook build`; a later `opsbook build --out` here replaces it as a whole.\n';

export interface OutContext {
  /** The project folder (the working directory). */
  cwd: string;
  /** The runbooks folder. */
  runbooks: string;
  home: string | undefined;
  /** opsbook's own folder. */
  packageRoot: string;
}

/** The real path of `path`, also when it does not exist yet (its nearest existing ancestor's real path, then the rest). */
function real(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(real(parent), basename(path));
}

/** `inner` is `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** Why the build may not replace `out` (one sentence, `shown` being how the user wrote it), or undefined. */
export function outRefusal(out: string, shown: string, context: OutContext): string | undefined {
  const target = real(out);
  const name = `\`${shown}\``;
  if (dirname(target) === target) return `--out ${name} is the root of the file system; pass a folder of its own, such as dist`;
  if (context.home && target === real(context.home)) return `--out ${name} is your home folder; pass a folder of its own, such as dist`;
  if (within(real(context.cwd), target))
    return `--out ${name} is ${target === real(context.cwd) ? 'the project folder' : 'a folder above the project'}; pass a folder of its own, such as dist`;
  const runbooks = real(context.runbooks);
  if (within(target, runbooks)) return `--out ${name} is ${target === runbooks ? '' : 'inside '}the runbooks folder; pass a folder outside it, such as dist`;
  if (within(runbooks, target)) return `--out ${name} holds the runbooks folder; pass a folder of its own, such as dist`;
  if (context.home && within(real(context.home), target)) return `--out ${name} holds your home folder; pass a folder of its own, such as dist`;
  if (within(real(context.packageRoot), target)) return `--out ${name} holds opsbook itself; pass a folder of its own, such as dist`;
  if (isLink(out)) return `--out ${name} is a symbolic link; pass the folder itself`;
  if (!existsSync(out)) return undefined;
  if (!statSync(out).isDirectory()) return `--out ${name} is a file, not a folder; pass a folder, such as dist`;
  if (readdirSync(out).length > 0 && !existsSync(join(out, SITE_MARKER))) {
    return `--out ${name} is not empty and was not built by opsbook (it has no ${SITE_MARKER}); pass a new or empty folder, or one an earlier build made`;
  }
  return undefined;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
