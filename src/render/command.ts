// Commands a person can paste into a terminal (bash or zsh) that run a step's script as
// `opsbook run` runs it: the script is written to a file in a private temporary folder and
// run from there by the runner's own command line (src/run/exec.ts), in the runner's
// environment (src/run/environment.ts: only PASS_ENV of the shell, the parameters and the
// OPSBOOK_* facts), so standard input stays the terminal and a `ssh` or `read` in the script
// cannot swallow the rest of it. Parameter values travel as quoted environment variables,
// never spliced into the script; secrets are taken from the operator's shell by name and
// never appear in any process's arguments.
import type { Script } from '../model.ts';
import { PASS_ENV } from '../parse/vars.ts';

/** Quote a value for a POSIX shell: `it's` → `'it'\''s'`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What the runner would set for this run and step (OPSBOOK_RUN_ID, …). */
export interface PasteRun {
  /** The run's id: the page's checklist run, so the paste belongs to it. */
  id: string;
  runbook: string;
  step: string;
  /** The operator; without one, the login name of the shell the command is pasted into. */
  operator?: string;
}

export interface PasteOptions {
  /** Every non-secret parameter of the runbook with its value (the runner passes them all). */
  values: Record<string, string>;
  /** Names of the runbook's secret parameters: taken from the operator's shell, never from the page. */
  secrets: string[];
  run: PasteRun;
  /** For a zx step: the version of zx the runner bundles (package.json of `zx`), fetched with npx. */
  zx?: string;
}

/** The runner's bash command line (src/run/exec.ts `command`). */
export const RUNNER_BASH = ['bash', '--noprofile', '--norc', '-o', 'errexit', '-o', 'nounset', '-o', 'pipefail'] as const;

/**
 * What the runner preloads into a zx step (src/run/zx-output.cjs): the output of `$` commands
 * goes to the step's stdout and stderr, commands are not echoed. Written for a zx that is not
 * `require`-able from the temporary folder, so it catches zx's `$` as zx's CLI makes it global.
 */
const ZX_OUTPUT_PRELOAD =
  "let zx; Object.defineProperty(globalThis, '$', { configurable: true, get: () => zx, set(v) { zx = v; " +
  "v.log = (e) => { if (e.kind === 'stdout') process.stdout.write(e.data); else if (e.kind === 'stderr') process.stderr.write(e.data); }; } });";

/** A here-doc delimiter that is not a line of any of `texts`. */
function delimiter(texts: string[]): string {
  let tag = 'OPSBOOK';
  while (texts.some((t) => t.split('\n').includes(tag))) tag += '_';
  return tag;
}

/** Lines that write `text` to `file` through a quoted here-doc: nothing in it is expanded. */
function hereDoc(file: string, text: string, tag: string): string[] {
  return [`  cat > "$d/${file}" <<'${tag}' || exit`, ...text.replace(/\n$/, '').split('\n'), tag];
}

/**
 * A command that runs `script` as the runner would: pasted into bash or zsh, it makes a
 * private folder (removed at the end), writes the script there through a quoted here-doc and
 * runs it with `env -i` and the runner's command line, so standard input stays the terminal
 * and every value the script reads is set explicitly. It exits with the script's exit code.
 */
export function pasteableCommand(script: Pick<Script, 'code' | 'engine'>, { values, secrets, run, zx }: PasteOptions): string {
  const code = script.code.replace(/\r\n/g, '\n');
  const tag = delimiter([code, ZX_OUTPUT_PRELOAD]);
  const file = script.engine === 'zx' ? 'step.mjs' : 'step.sh';
  // A secret that is not set stops the command before anything is made or run.
  const lines = [
    '(',
    ...secrets.map((name) => `  : "\${${name}:?is a secret: set it in this shell first, without echo: read -rs ${name}}"`),
    `  d=$(mktemp -d "\${TMPDIR:-/tmp}/opsbook-step-XXXXXX") && trap 'rm -rf "$d"' EXIT || exit`,
  ];
  if (script.engine === 'zx') {
    if (zx === undefined) throw new Error('pasteableCommand: a zx step needs the zx version');
    lines.push(`  zx=$(npx --yes --package=zx@${zx} -c 'command -v zx') || exit`);
    lines.push(...hereDoc('output.cjs', ZX_OUTPUT_PRELOAD, tag));
  }
  lines.push(...hereDoc(file, code, tag));
  for (const name of secrets) lines.push(`  printf '%s\\n' "$${name}" > "$d/${name}" || exit`);
  const runner = script.engine === 'zx' ? ['node', '--require', '"$d/output.cjs"', '"$zx"', '--quiet', `"$d/${file}"`] : [...RUNNER_BASH, `"$d/${file}"`];
  const facts = [
    `OPSBOOK_RUN_ID=${shellQuote(run.id)}`,
    `OPSBOOK_RUNBOOK_ID=${shellQuote(run.runbook)}`,
    `OPSBOOK_STEP_ID=${shellQuote(run.step)}`,
    `OPSBOOK_OPERATOR=${run.operator === undefined ? '"${USER-}"' : shellQuote(run.operator)}`,
    'OPSBOOK_WORKDIR="$PWD"',
  ];
  const params = Object.keys(values)
    .sort()
    .map((name) => `${name}=${shellQuote(values[name])}`);
  const envLines = [PASS_ENV.map((name) => `\${${name}+"${name}=$${name}"}`), facts, params].filter((words) => words.length > 0);
  lines.push(`  env -i ${envLines.map((words) => words.join(' ')).join(' \\\n    ')} \\`);
  if (secrets.length === 0) lines.push(`    ${runner.join(' ')}`);
  else {
    // The secrets reach the script's environment from files in the private folder, read by a
    // bash that then becomes the runner's command: never through any process's arguments.
    const reads = secrets.map((name) => `IFS= read -r ${name} < "$0/${name}" && export ${name}`).join(' && ');
    lines.push(`    ${RUNNER_BASH.slice(0, 3).join(' ')} -c '${reads} && exec "$@"' "$d" ${runner.join(' ')}`);
  }
  lines.push(')');
  return lines.join('\n');
}

/** The terminal line that runs a runbook (from a step) with the runner. */
export function runLine(id: string, values: Record<string, string>, from?: string): string {
  const params = Object.entries(values)
    .map(([k, v]) => ` --param ${shellQuote(`${k}=${v}`)}`)
    .join('');
  return `opsbook run ${id}${params}${from ? ` --from ${from}` : ''}`;
}
